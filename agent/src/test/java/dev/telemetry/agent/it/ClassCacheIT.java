package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The class cache across real starts of a host with {@code -javaagent:} on the built jar: a later start
 * loads no Byte Buddy class and counts exactly as the first; every reason not to trust an entry (damaged,
 * other hooks, a directory others may write) weaves afresh, with the same counts; off writes nothing;
 * two JVMs starting together on an empty cache both count exactly and leave entries a third start uses.
 */
class ClassCacheIT {
    private static final String ROUTER = "profile=generic,dispatch=com.example.fixture.RouterServer#handle";
    private static final String WOVEN = "[telemetry-agent] DEBUG instrumented com.example.fixture.RouterServer";
    private static final String FROM_CACHE = WOVEN + " (from the class cache)";

    /** One start of the router workload; returns its agent lines and how many Byte Buddy classes it loaded. */
    private static Run run(Path stateDir, String options) throws Exception {
        Path classLog = Files.createTempFile(ForkedJvm.WORK, "class-load", ".txt");
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg("router")
                .jvmArg("-Xlog:class+load=info:file=" + classLog)
                .agentOptions("start-delay=0ms,log-level=debug,state-dir=" + stateDir + "," + options).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            ReportedMetrics m = ReportedMetrics.of(jvm);
            Run r = new Run(jvm.agentLines(), m, byteBuddyClasses(classLog));
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
            return r;
        }
    }

    private record Run(List<String> lines, ReportedMetrics metrics, long byteBuddy) {
        void countsExactly() {
            assertThat(metrics.results()).contains(entry("get unknown ok null", 3L), entry("put unknown ok null", 2L));
            assertThat(metrics.count("fail")).isEqualTo(1);
            assertThat(metrics.failures("fail")).isEqualTo(1);
        }
    }

    private static long byteBuddyClasses(Path classLog) throws Exception {
        try (Stream<String> lines = Files.lines(classLog)) {
            return lines.filter(l -> l.contains("dev.telemetry.agent.shaded.net.bytebuddy.")).count();
        }
    }

    private static List<Path> entries(Path stateDir) throws Exception {
        Path classes = stateDir.resolve("classes");
        if (!Files.exists(classes)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(classes)) {
            return s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
    }

    private static void awaitEntries(Path stateDir) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (entries(stateDir).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
    }

    @Test
    void aLaterStartLoadsNoByteBuddyAndCountsTheSame() throws Exception {
        Path dir = ForkedJvm.freshDir("cache-hit");
        Run first = run(dir, "telemetry=enable," + ROUTER);
        assertThat(first.lines).contains(WOVEN).doesNotContain(FROM_CACHE);
        assertThat(first.byteBuddy).isPositive();
        first.countsExactly();
        awaitEntries(dir);
        assertThat(entries(dir)).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("classes")))).isEqualTo("rwx------");

        Run second = run(dir, "telemetry=enable," + ROUTER);
        assertThat(second.lines).contains(FROM_CACHE);
        assertThat(second.byteBuddy).isZero();
        second.countsExactly();
        assertThat(second.metrics.results()).isEqualTo(first.metrics.results());
    }

    @Test
    void aDamagedEntryIsWovenAfresh() throws Exception {
        Path dir = ForkedJvm.freshDir("cache-damaged");
        run(dir, "telemetry=enable," + ROUTER);
        awaitEntries(dir);
        Path entry = entries(dir).get(0);
        byte[] b = Files.readAllBytes(entry);
        b[b.length / 2] ^= 0x5a;
        Files.write(entry, b);

        Run again = run(dir, "telemetry=enable," + ROUTER);
        assertThat(again.lines).contains(WOVEN).doesNotContain(FROM_CACHE);
        assertThat(again.byteBuddy).isPositive();
        again.countsExactly();
    }

    @Test
    void otherHooksAreAnotherConfiguration() throws Exception {
        Path dir = ForkedJvm.freshDir("cache-options");
        run(dir, "telemetry=enable," + ROUTER);
        awaitEntries(dir);
        // a second target changes the hooks' description: the first configuration's entry is not used
        Run other = run(dir, "telemetry=enable," + ROUTER + ";com.example.fixture.PerMethodServer#op*");
        assertThat(other.lines).contains(WOVEN).doesNotContain(FROM_CACHE);
        assertThat(other.byteBuddy).isPositive();
        other.countsExactly();
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        Path dir = ForkedJvm.freshDir("cache-shared");
        run(dir, "telemetry=enable," + ROUTER);
        awaitEntries(dir);
        Files.setPosixFilePermissions(dir.resolve("classes"), PosixFilePermissions.fromString("rwxrwxrwx"));

        Run shared = run(dir, "telemetry=enable," + ROUTER);
        assertThat(shared.lines).contains(WOVEN).doesNotContain(FROM_CACHE)
                .anyMatch(l -> l.startsWith("[telemetry-agent] WARN the class cache ") && l.endsWith("; it is not used"));
        assertThat(shared.byteBuddy).isPositive();
        shared.countsExactly();
    }

    @Test
    void offWritesNoEntry() throws Exception {
        Path dir = ForkedJvm.freshDir("cache-off");
        run(dir, "telemetry=disable," + ROUTER); // locked off: nothing is instrumented
        // disabled by an earlier choice, not locked: the hooks are in place (it may be turned on), nothing is written
        Run off = run(dir, ROUTER);
        assertThat(off.lines).contains(WOVEN)
                .anyMatch(l -> l.startsWith("[telemetry-agent] INFO telemetry is disabled: it was disabled previously"));
        // the host ran past the state line (the metrics were read after it): no entry was written before or after
        assertThat(dir.resolve("classes")).doesNotExist();
    }

    @Test
    void twoJvmsStartingTogetherBothCountAndLeaveOneEntry() throws Exception {
        Path dir = ForkedJvm.freshDir("cache-together");
        Run[] runs = new Run[2];
        Exception[] failed = new Exception[1];
        Thread other = new Thread(() -> {
            try {
                runs[1] = run(dir, "telemetry=enable," + ROUTER);
            } catch (Exception e) {
                failed[0] = e;
            }
        });
        other.start();
        runs[0] = run(dir, "telemetry=enable," + ROUTER);
        other.join(180_000);
        assertThat(failed[0]).isNull();
        runs[0].countsExactly();
        runs[1].countsExactly();
        awaitEntries(dir);
        assertThat(entries(dir)).hasSize(1);

        Run third = run(dir, "telemetry=enable," + ROUTER);
        assertThat(third.lines).contains(FROM_CACHE);
        assertThat(third.byteBuddy).isZero();
        third.countsExactly();
    }
}
