package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Byte Buddy and the weaving code come from the archive nested in the agent jar, through the agent's
 * own class loader, in real starts with {@code -javaagent:}: as built (read in place), from a jar some
 * tool re-zipped with that archive compressed (read from memory), and from a damaged one (nothing is
 * woven, one warning, the host runs unchanged).
 */
class WeaveArchiveIT {
    private static final String ROUTER = "profile=generic,dispatch=com.example.fixture.RouterServer#handle";
    private static final String NESTED = "dev/telemetry/agent/weave.jar";

    private static ForkedJvm router(Path jar, Path dir, Path classLog) throws Exception {
        return ForkedJvm.builder("com.example.fixture.GenericHost").arg("router").agentJar(jar)
                .jvmArg("-Xlog:class+load=info:file=" + classLog)
                .agentOptions("telemetry=enable,start-delay=0ms,class-cache=false,state-dir=" + dir + "," + ROUTER).start();
    }

    private static void countsExactly(ForkedJvm jvm) throws Exception {
        ReportedMetrics m = ReportedMetrics.of(jvm);
        assertThat(m.results()).contains(entry("get unknown ok null", 3L), entry("put unknown ok null", 2L));
        assertThat(m.failures("fail")).isEqualTo(1);
    }

    private static List<String> loaded(Path classLog, String prefix) throws Exception {
        return Files.readAllLines(classLog).stream().filter(l -> l.contains(" " + prefix)).toList();
    }

    @Test
    void asBuiltTheWeavingCodeIsReadFromTheNestedArchive() throws Exception {
        Path dir = ForkedJvm.freshDir("weave-built");
        Path classLog = dir.resolve("class-load.txt");
        try (ForkedJvm jvm = router(ForkedJvm.AGENT_JAR, dir, classLog)) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            countsExactly(jvm);
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.agentLines()).noneMatch(l -> l.contains("WARN"));
        }
        assertThat(loaded(classLog, "dev.telemetry.agent.weave.AdviceTransformer")).hasSize(1);
        assertThat(loaded(classLog, "dev.telemetry.agent.shaded.net.bytebuddy.")).hasSizeGreaterThan(100);
    }

    /** The documented way to bundle a profile ({@code jar uf}) keeps the archive stored, so it is still read in place. */
    @Test
    void addingAProfileWithTheJarToolKeepsTheArchiveStored() throws Exception {
        Path dir = ForkedJvm.freshDir("weave-jar-uf");
        Path jar = dir.resolve("telemetry.jar");
        Files.copy(ForkedJvm.AGENT_JAR, jar);
        Path add = dir.resolve("add/dev/telemetry/agent/profiles/extra.words");
        Files.createDirectories(add.getParent());
        Files.writeString(add, "get\n");
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = java.util.spi.ToolProvider.findFirst("jar").orElseThrow().run(new java.io.PrintWriter(out), new java.io.PrintWriter(out),
                "uf", jar.toString(), "-C", dir.resolve("add").toString(), "dev/telemetry/agent/profiles/extra.words");
        assertThat(exit).as(out.toString()).isZero();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertThat(z.getEntry("dev/telemetry/agent/profiles/extra.words")).isNotNull();
            assertThat(z.getEntry(NESTED).getMethod()).isEqualTo(ZipEntry.STORED);
        }
    }

    @Test
    void aJarReZippedWithTheArchiveCompressedStillWeaves() throws Exception {
        Path dir = ForkedJvm.freshDir("weave-rezipped");
        Path jar = dir.resolve("telemetry.jar");
        reZipDeflated(ForkedJvm.AGENT_JAR, jar);
        try (ZipFile z = new ZipFile(jar.toFile())) {
            assertThat(z.getEntry(NESTED).getMethod()).isEqualTo(ZipEntry.DEFLATED);
        }
        try (ForkedJvm jvm = router(jar, dir, dir.resolve("class-load.txt"))) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            countsExactly(jvm);
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.agentLines()).noneMatch(l -> l.contains("WARN"));
        }
    }

    @Test
    void aDamagedArchiveWeavesNothingAndTheHostRunsUnchanged() throws Exception {
        Path dir = ForkedJvm.freshDir("weave-damaged");
        Path jar = dir.resolve("telemetry.jar");
        Files.copy(ForkedJvm.AGENT_JAR, jar);
        long size;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            size = z.getEntry(NESTED).getCompressedSize();
        }
        // the nested archive's end record (its last 22 bytes) overwritten: its directory cannot be found
        byte[] all = Files.readAllBytes(jar);
        long end = dataStart(all, NESTED.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + size;
        for (long i = end - 22; i < end; i++) {
            all[(int) i] = 0;
        }
        Files.write(jar, all);
        try (ForkedJvm jvm = router(jar, dir, dir.resolve("class-load.txt"))) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            assertThat(jvm.stop(30_000)).isZero();
            assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
            assertThat(jvm.agentLines()).filteredOn(l -> l.contains("WARN")).singleElement().asString()
                    .startsWith("[telemetry-agent] WARN could not set up instrumentation (").endsWith("); nothing is timed");
        }
    }

    /** Where the data of the entry {@code name} start: past its local header (30 bytes, the name, the extra field). */
    private static int dataStart(byte[] all, byte[] name) {
        outer:
        for (int i = 30; i + name.length <= all.length; i++) {
            if (all[i - 30] != 0x50 || all[i - 29] != 0x4b || all[i - 28] != 3 || all[i - 27] != 4) {
                continue;
            }
            for (int k = 0; k < name.length; k++) {
                if (all[i + k] != name[k]) {
                    continue outer;
                }
            }
            int nameLength = (all[i - 4] & 0xFF) | (all[i - 3] & 0xFF) << 8;
            int extra = (all[i - 2] & 0xFF) | (all[i - 1] & 0xFF) << 8;
            if (nameLength == name.length) {
                return i + nameLength + extra;
            }
        }
        throw new AssertionError("no local header for " + new String(name));
    }

    /** Every entry deflated, in the same order: what a repackaging tool that compresses everything makes. */
    private static void reZipDeflated(Path from, Path to) throws Exception {
        try (ZipFile in = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(file)) {
            out.setMethod(ZipOutputStream.DEFLATED);
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
