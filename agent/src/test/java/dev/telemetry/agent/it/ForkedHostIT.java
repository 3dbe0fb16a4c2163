package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trivial host started with {@code -javaagent:} on the built jar: in every case it prints its own
 * output and exits 0, and the agent's one line says what it decided.
 */
class ForkedHostIT {
    private static final String HOST = "com.example.fixture.TrivialHost";

    private static ForkedJvm run(ForkedJvm.Builder b) throws Exception {
        ForkedJvm jvm = b.start();
        assertThat(jvm.waitFor(30_000)).as("host exit code; " + jvm.stderr()).isZero();
        assertThat(jvm.stdout()).containsExactly("host says hello", "host exits normally");
        // nothing but the agent's own lines: no JVM warning (e.g. class-data sharing switched off)
        assertThat(jvm.stderr()).allMatch(l -> l.startsWith("[telemetry-agent] "));
        return jvm;
    }

    @Test
    void enabledByTheOption() throws Exception {
        Path dir = ForkedJvm.freshDir("enabled");
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("telemetry=enable,state-dir=" + dir));
        assertThat(jvm.agentLines()).containsExactly(
                "[telemetry-agent] INFO telemetry is enabled: set by the option telemetry=enable (agent option)");
        assertThat(Files.readString(dir.resolve("state.json"))).contains("\"telemetry\" : \"enabled\"");
    }

    @Test
    void headlineFormWithSystemPropertyAndEnvironment() throws Exception {
        Path dir = ForkedJvm.freshDir("sources");
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).jvmArg("-Dtelemetry.state-dir=" + dir).env("TELEMETRY_TELEMETRY", "off"));
        assertThat(jvm.agentLines()).containsExactly(
                "[telemetry-agent] INFO telemetry is disabled: set by the option telemetry=off (environment variable TELEMETRY_TELEMETRY)");
    }

    @Test
    void undecidedByDefaultSaysWhenAReportWouldBeSent() throws Exception {
        Path dir = ForkedJvm.freshDir("undecided");
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("state-dir=" + dir + ",undecided-delay=30m"));
        assertThat(jvm.agentLines()).singleElement().asString()
                .startsWith("[telemetry-agent] INFO telemetry is undecided: no choice has been made; a first report would be sent 30m after start");
    }

    @Test
    void previousChoiceIsRemembered() throws Exception {
        Path dir = ForkedJvm.freshDir("previous");
        run(ForkedJvm.builder(HOST).agentOptions("telemetry=disable,state-dir=" + dir));
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("state-dir=" + dir));
        assertThat(jvm.agentLines()).containsExactly("[telemetry-agent] INFO telemetry is disabled: it was disabled previously ("
                + dir.resolve("state.json") + ")");
    }

    @Test
    void badOptionsGiveOneErrorLineAndDisableWithoutPersisting() throws Exception {
        for (String bad : List.of("telemetry=nope", "telemtry=disable", "telemetry", "report-interval=forever")) {
            Path dir = ForkedJvm.freshDir("bad");
            ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("state-dir=" + dir + "," + bad));
            assertThat(jvm.agentLines()).as(bad).singleElement().asString()
                    .startsWith("[telemetry-agent] ERROR configuration error: ")
                    .endsWith("; telemetry is disabled for this run");
            assertThat(dir.resolve("state.json")).as(bad).doesNotExist();
        }
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("telemetry=perhaps"));
        assertThat(jvm.agentLines().get(0)).contains("\"perhaps\"").contains("telemetry").contains("accepted: one of");
    }

    @Test
    void doNotTrackConflictIsAnErrorAndOff() throws Exception {
        Path dir = ForkedJvm.freshDir("dnt");
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("telemetry=enable,state-dir=" + dir).env("DO_NOT_TRACK", "1"));
        assertThat(jvm.agentLines()).containsExactly(
                "[telemetry-agent] ERROR telemetry can't be enabled by the option telemetry=enable (agent option): it is forced off by DO_NOT_TRACK=1",
                "[telemetry-agent] INFO telemetry is disabled: forced off by DO_NOT_TRACK=1");
        assertThat(dir).isEmptyDirectory(); // forced off writes nothing
    }

    @Test
    void unwritableStateDirectoryIsAWarning() throws Exception {
        Path file = ForkedJvm.freshDir("unwritable").resolve("regular-file");
        Files.writeString(file, "not a directory");
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("telemetry=enable,state-dir=" + file.resolve("state")));
        assertThat(jvm.agentLines()).hasSize(2);
        assertThat(jvm.agentLines().get(0)).startsWith("[telemetry-agent] WARN cannot write the state file").contains("kept in memory");
        assertThat(jvm.agentLines().get(1)).isEqualTo("[telemetry-agent] INFO telemetry is enabled: set by the option telemetry=enable (agent option)");
    }

    @Test
    void aCopyNamedDonottrackEndsDisabled() throws Exception {
        Path copy = ForkedJvm.freshDir("rename").resolve("telemetry-donottrack.jar");
        Files.copy(ForkedJvm.AGENT_JAR, copy);
        Path dir = ForkedJvm.freshDir("rename-state");
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentJar(copy).agentOptions("state-dir=" + dir));
        assertThat(jvm.agentLines()).containsExactly(
                "[telemetry-agent] INFO telemetry is disabled: forced off by the executable name \"telemetry-donottrack.jar\"");
    }

    @Test
    void defaultStateDirectoryIsPerUserAndPerApplication() throws Exception {
        Path home = ForkedJvm.freshDir("home");
        run(ForkedJvm.builder(HOST).jvmArg("-Duser.home=" + home).env("XDG_STATE_HOME", "").agentOptions("telemetry=enable"));
        assertThat(home.resolve(".local/state/telemetry-agent/com.example.fixture.TrivialHost/state.json")).exists();
        run(ForkedJvm.builder(HOST).jvmArg("-Duser.home=" + home).env("XDG_STATE_HOME", "").agentOptions("telemetry=enable,app-name=mydb"));
        assertThat(home.resolve(".local/state/telemetry-agent/mydb/state.json")).exists();
    }

    @Test
    void bakedInDefaultsApplyBelowEveryOtherSource() throws Exception {
        Path jar = ForkedJvm.freshDir("vendor").resolve("telemetry.jar");
        Files.copy(ForkedJvm.AGENT_JAR, jar);
        Path dir = ForkedJvm.freshDir("vendor-state");
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            Files.writeString(zip.getPath("/dev/telemetry/agent/defaults.properties"),
                    "telemetry=disable\nstate-dir=" + dir.toString().replace("\\", "\\\\") + "\n");
        }
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentJar(jar));
        assertThat(jvm.agentLines()).containsExactly(
                "[telemetry-agent] INFO telemetry is disabled: set by the option telemetry=disable (defaults baked into the agent jar)");
        jvm = run(ForkedJvm.builder(HOST).agentJar(jar).agentOptions("telemetry=enable"));
        assertThat(jvm.agentLines()).containsExactly(
                "[telemetry-agent] INFO telemetry is enabled: set by the option telemetry=enable (agent option)");
    }

    @Test
    void logLevelOffSilencesTheAgent() throws Exception {
        ForkedJvm jvm = run(ForkedJvm.builder(HOST).agentOptions("telemetry=enable,log-level=off,state-dir=" + ForkedJvm.freshDir("quiet")));
        assertThat(jvm.agentLines()).isEmpty();
    }

    @Test
    void cliStatusResolvesLikeTheAgentWithoutWriting() throws Exception {
        Path dir = ForkedJvm.freshDir("status");
        run(ForkedJvm.builder(HOST).agentOptions("telemetry=enable,state-dir=" + dir));
        String uuid = Files.readString(dir.resolve("state.json")).replaceAll("(?s).*\"uuid\" : \"([0-9a-f-]+)\".*", "$1");

        ForkedJvm.Result r = ForkedJvm.cli(Map.of(), "status", "state-dir=" + dir);
        assertThat(r.exit).as(r.toString()).isZero();
        assertThat(r.out).contains("state:      enabled", "locked:     no", "decided by: it was enabled previously",
                "uuid:       " + uuid, "state file: " + dir.resolve("state.json"));

        r = ForkedJvm.cli(Map.of("DO_NOT_TRACK", "true"), "status", "state-dir=" + dir, "telemetry=enable");
        assertThat(r.out).contains("state:      disabled", "locked:     yes", "decided by: forced off by DO_NOT_TRACK=true");
        assertThat(r.err).contains("telemetry can't be enabled");
        assertThat(Files.readString(dir.resolve("state.json"))).contains("enabled"); // status writes nothing

        r = ForkedJvm.cli(Map.of(), "status", "telemetry=sure");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("bad value \"sure\" for telemetry");
    }

    @Test
    void cliHelpListsEveryOption() throws Exception {
        ForkedJvm.Result r = ForkedJvm.cli(Map.of(), "--help");
        assertThat(r.exit).isZero();
        for (dev.telemetry.agent.config.Option o : dev.telemetry.agent.config.Option.values()) {
            assertThat(r.out).contains(o.key());
        }
    }
}
