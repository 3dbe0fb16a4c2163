package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the premain thread leaves to the agent's start thread (issue 12), read from the JVM's own
 * class-loading log of a real start with the built jar. With nothing but the built-in profile
 * possible (the defaults), premain builds no profile, hook table, metrics, state resolution or
 * status, and the start thread does; a hooked class that loads first builds them itself
 * ({@code MongoProfileIT} counts such starts exactly). A {@code url} is checked by hand there: no
 * report client, service lookup or lambda. A profile option is read on the premain
 * thread, where a mistake in it is a configuration error.
 */
class StartPathIT {
    private static final String HOST = "com.example.fixture.GenericHost";
    private static final List<String> LEFT_FOR_LATER = List.of(
            "dev.telemetry.agent.profile.ProfileCatalog", "dev.telemetry.agent.profile.mongo.MongoProfile",
            "dev.telemetry.agent.instrument.HookTable", "dev.telemetry.agent.metrics.Metrics",
            "dev.telemetry.agent.state.StateResolver", "dev.telemetry.agent.surface.AgentStatus",
            "dev.telemetry.agent.profile.generic.HookWatch");

    /** The classes loaded on the thread that loaded the agent's entry class, until the host's main class; and all classes. */
    private record Loads(List<String> premain, List<String> all) {}

    private static Loads start(String options) throws Exception {
        Path log = Files.createTempFile(ForkedJvm.WORK, "start-path", ".txt");
        try (ForkedJvm jvm = ForkedJvm.builder(HOST).arg("router")
                .jvmArg("-Xlog:class+load=info:file=" + log + ":tid")
                .agentOptions("start-delay=0ms,log-level=debug,state-dir=" + ForkedJvm.freshDir("start-path") + "," + options).start()) {
            jvm.awaitStdout("DONE"::equals, 120_000);
            long until = System.nanoTime() + 20_000_000_000L; // the start thread's work (start-delay=0ms): the status is its last step
            while (!Files.readString(log).contains("dev.telemetry.agent.surface.AgentStatus ") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(jvm.stop(30_000)).isZero();
        }
        List<String> premain = new ArrayList<>();
        List<String> all = new ArrayList<>();
        String thread = null;
        boolean hostStarted = false;
        for (String line : Files.readAllLines(log)) {
            int end = line.indexOf("] ");
            if (!line.startsWith("[") || end < 0) {
                continue;
            }
            String tid = line.substring(1, end);
            String name = line.substring(end + 2).split(" ")[0];
            all.add(name);
            if (thread == null && name.equals("dev.telemetry.agent.entry.AgentEntry")) {
                thread = tid;
            }
            if (thread != null && tid.equals(thread) && !hostStarted) {
                hostStarted = name.equals(HOST);
                premain.add(name);
            }
        }
        assertThat(thread).as("the agent's entry class in the log").isNotNull();
        assertThat(hostStarted).as("the host's main class after it, on the same thread").isTrue();
        return new Loads(premain, all);
    }

    @Test
    void withOnlyTheBuiltInProfilePremainBuildsNoneOfItAndTheStartThreadDoes() throws Exception {
        Loads loads = start("telemetry=enable,url=https://telemetry.example.com/v1/report,dry-run=true");
        assertThat(loads.premain()).contains("dev.telemetry.agent.instrument.TypeFilter", "dev.telemetry.agent.profile.LazyCatalog")
                .doesNotContainAnyElementsOf(LEFT_FOR_LATER)
                .doesNotContain("dev.telemetry.agent.report.ReportClient", "java.util.ServiceLoader") // the url is read by hand
                .noneMatch(n -> n.contains("$$Lambda"))
                .noneMatch(n -> n.startsWith("dev.telemetry.agent.shaded.net.bytebuddy.") || n.startsWith("dev.telemetry.agent.shaded.com.fasterxml."));
        assertThat(loads.all()).containsAll(LEFT_FOR_LATER);
    }

    @Test
    void aProfileOptionIsReadOnThePremainThread() throws Exception {
        Loads loads = start("telemetry=enable,profile=generic,dispatch=com.example.fixture.RouterServer#handle");
        assertThat(loads.premain()).contains("dev.telemetry.agent.profile.ProfileCatalog", "dev.telemetry.agent.instrument.HookTable")
                .doesNotContain("dev.telemetry.agent.state.StateResolver", "dev.telemetry.agent.surface.AgentStatus");
    }
}
