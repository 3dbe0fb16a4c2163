package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static dev.telemetry.agent.state.TelemetryState.DISABLED;
import static dev.telemetry.agent.state.TelemetryState.ENABLED;
import static dev.telemetry.agent.state.TelemetryState.UNDECIDED;
import static org.assertj.core.api.Assertions.assertThat;

/** The resolver as a table: each row is one situation a user can be in. */
class StateResolverTest {
    @TempDir
    Path tmp;

    private static final AppIdentity PLAIN = new AppIdentity("telemetry.jar", "server.jar", "/usr/bin/java");

    private Resolution resolve(String options, Map<String, String> vars, AppIdentity id) throws Exception {
        Environment env = new Environment(vars, new Properties());
        Config config = ConfigLoader.load("state-dir=" + tmp + (options.isEmpty() ? "" : "," + options), env);
        return StateResolver.resolve(config, env, id, true);
    }

    private Resolution resolve(String options) throws Exception {
        return resolve(options, Map.of(), PLAIN);
    }

    private static final ConsentScope SCHEMA_1 = new ConsentScope(1, Map.of(1, "counts"));
    private static final ConsentScope SCHEMA_2 = new ConsentScope(2, Map.of(1, "counts", 2, "per-collection document counts"));

    private Resolution resolve(String options, ConsentScope scope) throws Exception {
        Environment env = new Environment(Map.of(), new Properties());
        Config config = ConfigLoader.load("state-dir=" + tmp + (options.isEmpty() ? "" : "," + options), env);
        return StateResolver.resolve(config, env, PLAIN, true, scope);
    }

    private String persisted() throws Exception {
        return Files.readString(tmp.resolve("state.json"));
    }

    @Test
    void defaultIsUndecidedAndUnlocked() throws Exception {
        Resolution r = resolve("");
        assertThat(r.state()).isEqualTo(UNDECIDED);
        assertThat(r.locked()).isFalse();
        assertThat(r.summary()).startsWith("telemetry is undecided: no choice has been made; a first report would be sent 1h after start");
        assertThat(persisted()).doesNotContain("telemetry");
        assertThat(r.uuid()).isNotNull();
    }

    @Test
    void persistedEnabledDecidesUnlocked() throws Exception {
        resolve("telemetry=enable");
        Resolution r = resolve("");
        assertThat(r.state()).isEqualTo(ENABLED);
        assertThat(r.locked()).isFalse();
        assertThat(r.decidedBy()).isEqualTo("it was enabled previously (" + tmp.resolve("state.json") + ")");
    }

    @Test
    void persistedDisabledDecidesUnlocked() throws Exception {
        resolve("telemetry=off");
        Resolution r = resolve("");
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.locked()).isFalse();
        assertThat(r.summary()).startsWith("telemetry is disabled: it was disabled previously");
    }

    @Test
    void optionBeatsPersistedAndIsLockedAndPersisted() throws Exception {
        resolve("telemetry=disable");
        Resolution r = resolve("telemetry=enable");
        assertThat(r.state()).isEqualTo(ENABLED);
        assertThat(r.locked()).isTrue();
        assertThat(r.summary()).isEqualTo("telemetry is enabled: set by the option telemetry=enable (agent option)");
        assertThat(persisted()).contains("\"telemetry\" : \"enabled\"");
    }

    @Test
    void undecidedOptionKeepsThePersistedChoice() throws Exception {
        resolve("telemetry=enable");
        Resolution r = resolve("telemetry=undecided");
        assertThat(r.state()).isEqualTo(ENABLED);
        assertThat(r.locked()).isFalse();
        assertThat(persisted()).contains("enabled");
        Resolution empty = resolve("telemetry=");
        assertThat(empty.state()).isEqualTo(ENABLED);
    }

    @Test
    void doNotTrackForcesOffAndLeavesTheStateFileAsItIs() throws Exception {
        resolve("telemetry=enable");
        byte[] before = Files.readAllBytes(tmp.resolve("state.json"));
        FileTime modified = Files.getLastModifiedTime(tmp.resolve("state.json"));
        Resolution r = resolve("telemetry=disable", Map.of("DO_NOT_TRACK", "1"), PLAIN);
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.locked()).isTrue();
        assertThat(r.saves()).isFalse();
        assertThat(r.summary()).isEqualTo("telemetry is disabled: forced off by DO_NOT_TRACK=1");
        assertThat(r.errors()).isEmpty();
        assertThat(Files.readAllBytes(tmp.resolve("state.json"))).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(tmp.resolve("state.json"))).isEqualTo(modified);
    }

    @Test
    void forcedOffCreatesNoDirectoryAndNoFile() throws Exception {
        Path dir = tmp.resolve("never");
        Environment env = new Environment(Map.of(), new Properties());
        Config config = ConfigLoader.load("state-dir=" + dir + ",telemetry=disable", env);
        Resolution r = StateResolver.resolve(config, env, new AppIdentity("telemetry-donottrack.jar", "server.jar", "/usr/bin/java"), true);
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.decidedBy()).isEqualTo("forced off by the executable name \"telemetry-donottrack.jar\"");
        assertThat(r.uuid()).isNull();
        assertThat(dir).doesNotExist();
    }

    @Test
    void anEnableIsRecordedWithTheSchemaVersionItWasGivenFor() throws Exception {
        resolve("telemetry=enable", SCHEMA_2);
        assertThat(persisted()).contains("\"telemetry\" : \"enabled\"", "\"schema_version\" : 2");
    }

    @Test
    void anEnableForTheSameSchemaStillDecides() throws Exception {
        resolve("telemetry=enable", SCHEMA_1);
        Resolution r = resolve("", SCHEMA_1);
        assertThat(r.state()).isEqualTo(ENABLED);
        assertThat(r.renewal()).isNull();
    }

    @Test
    void anEnableForAnEarlierSchemaNoLongerDecides() throws Exception {
        resolve("telemetry=enable", SCHEMA_1);
        String before = persisted();
        Resolution r = resolve("undecided-delay=30m", SCHEMA_2);
        assertThat(r.state()).isEqualTo(UNDECIDED);
        assertThat(r.locked()).isFalse();
        assertThat(r.renewal()).isEqualTo("per-collection document counts");
        assertThat(r.summary()).isEqualTo("telemetry is undecided: it was enabled for report schema 1 ("
                + tmp.resolve("state.json") + "), and schema 2 adds per-collection document counts; a first report would be sent"
                + " 30m after start; to keep it on set telemetry=enable, to opt out set telemetry=disable or DO_NOT_TRACK=1");
        assertThat(persisted()).isEqualTo(before); // the earlier enable is kept for the schema it covers
    }

    @Test
    void aStateFileWithoutASchemaVersionHoldsAnEnableForSchema1() throws Exception {
        Files.writeString(tmp.resolve("state.json"), "{\"uuid\":\"" + UUID.randomUUID() + "\",\"telemetry\":\"enabled\"}");
        assertThat(resolve("", SCHEMA_1).state()).isEqualTo(ENABLED);
        assertThat(resolve("", SCHEMA_2).state()).isEqualTo(UNDECIDED);
    }

    @Test
    void aDisableIsKeptWhenTheSchemaGrows() throws Exception {
        resolve("telemetry=disable", SCHEMA_1);
        Resolution r = resolve("", SCHEMA_2);
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.renewal()).isNull();
        assertThat(r.decidedBy()).startsWith("it was disabled previously");
    }

    @Test
    void enablingAgainUnderTheNewSchemaDecidesFromThenOn() throws Exception {
        resolve("telemetry=enable", SCHEMA_1);
        TelemetryControl control = new TelemetryControl(resolve("", SCHEMA_2));
        assertThat(control.choose(ENABLED, "JMX")).isNull();
        assertThat(persisted()).contains("\"schema_version\" : 2");
        assertThat(resolve("", SCHEMA_2).state()).isEqualTo(ENABLED);
    }

    @Test
    void doNotTrackEnableWordsForceOffOtherWordsDoNot() throws Exception {
        for (String v : new String[]{"true", "T", "enable", " yes "}) {
            assertThat(resolve("", Map.of("DO_NOT_TRACK", v), PLAIN).state()).as(v).isEqualTo(DISABLED);
        }
        for (String v : new String[]{"0", "false", "", "undecided", "no"}) {
            Resolution r = resolve("telemetry=enable", Map.of("DO_NOT_TRACK", v), PLAIN);
            assertThat(r.state()).as(v).isEqualTo(ENABLED);
            assertThat(r.warnings()).isEmpty();
        }
    }

    @Test
    void doNotTrackWithGarbageIsAnOptOutWithAWarning() throws Exception {
        Resolution r = resolve("", Map.of("DO_NOT_TRACK", "please"), PLAIN);
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.locked()).isTrue();
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("DO_NOT_TRACK=\"please\"").contains("opt-out"));
    }

    @Test
    void doNotTrackPlusEnableIsAnErrorAndOff() throws Exception {
        Resolution r = resolve("telemetry=enable", Map.of("DO_NOT_TRACK", "1"), PLAIN);
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.errors()).containsExactly(
                "telemetry can't be enabled by the option telemetry=enable (agent option): it is forced off by DO_NOT_TRACK=1");
    }

    @Test
    void donottrackInTheAgentJarName() throws Exception {
        Resolution r = resolve("telemetry=enable", Map.of(), new AppIdentity("telemetry-DoNotTrack.jar", "server.jar", "/usr/bin/java"));
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.locked()).isTrue();
        assertThat(r.decidedBy()).isEqualTo("forced off by the executable name \"telemetry-DoNotTrack.jar\"");
        assertThat(r.errors()).singleElement().asString().contains("can't be enabled").contains("telemetry-DoNotTrack.jar");
    }

    @Test
    void donottrackInTheMainJarOrClass() throws Exception {
        assertThat(resolve("", Map.of(), new AppIdentity("telemetry.jar", "/opt/app/server-donottrack.jar", "/usr/bin/java")).decidedBy())
                .contains("server-donottrack.jar");
        assertThat(resolve("", Map.of(), new AppIdentity("telemetry.jar", "com.example.DoNotTrackServer", "/usr/bin/java")).decidedBy())
                .contains("com.example.DoNotTrackServer");
    }

    @Test
    void donottrackInTheLauncherPath() throws Exception {
        Resolution r = resolve("", Map.of(), new AppIdentity("telemetry.jar", "server.jar", "/opt/DONOTTRACK/bin/java"));
        assertThat(r.state()).isEqualTo(DISABLED);
        assertThat(r.decidedBy()).contains("/opt/DONOTTRACK/bin/java");
    }

    @Test
    void doNotTrackVariableIsNamedBeforeTheName() throws Exception {
        Resolution r = resolve("", Map.of("DO_NOT_TRACK", "1"), new AppIdentity("telemetry-donottrack.jar", null, null));
        assertThat(r.decidedBy()).isEqualTo("forced off by DO_NOT_TRACK=1");
    }

    @Test
    void readOnlyResolutionWritesNothing() throws Exception {
        Environment env = new Environment(new HashMap<>(), new Properties());
        Config config = ConfigLoader.load("state-dir=" + tmp.resolve("ro") + ",telemetry=enable", env);
        Resolution r = StateResolver.resolve(config, env, PLAIN, false);
        assertThat(r.state()).isEqualTo(ENABLED);
        assertThat(tmp.resolve("ro")).doesNotExist();
    }

    /** premain decides "instrument nothing" without the state file: it must agree with the resolver in every situation. */
    @Test
    void theStartsLockedOffCheckAgreesWithTheResolver() throws Exception {
        AppIdentity donottrack = new AppIdentity("telemetry-donottrack.jar", "server.jar", "/usr/bin/java");
        String[][] situations = {
            {"", ""}, {"telemetry=enable", ""}, {"telemetry=disable", ""}, {"telemetry=off", ""},
            {"", "1"}, {"telemetry=enable", "1"}, {"telemetry=disable", "true"}, {"", "0"},
        };
        for (String[] s : situations) {
            for (AppIdentity id : new AppIdentity[]{PLAIN, donottrack}) {
                Map<String, String> vars = s[1].isEmpty() ? Map.of() : Map.of("DO_NOT_TRACK", s[1]);
                Environment env = new Environment(vars, new Properties());
                Config config = ConfigLoader.load("state-dir=" + tmp + (s[0].isEmpty() ? "" : "," + s[0]), env);
                Resolution r = StateResolver.resolve(config, env, id, false);
                assertThat(ForcedOff.lockedOff(config, env, id)).as(String.join(" ", s) + " " + id.agentJarName())
                        .isEqualTo(r.state() == DISABLED && r.locked());
            }
        }
        // a saved "disabled" is off but not locked: the hooks stay in place so it can be turned on
        resolve("telemetry=disable");
        Environment env = new Environment(Map.of(), new Properties());
        Config config = ConfigLoader.load("state-dir=" + tmp, env);
        assertThat(StateResolver.resolve(config, env, PLAIN, false).state()).isEqualTo(DISABLED);
        assertThat(ForcedOff.lockedOff(config, env, PLAIN)).isFalse();
    }
}
