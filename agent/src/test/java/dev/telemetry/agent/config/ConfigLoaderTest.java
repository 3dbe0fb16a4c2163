package dev.telemetry.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private static Environment env(Map<String, String> vars, Properties props) {
        return new Environment(vars, props);
    }

    @Test
    void everyBuiltInDefaultIsValid() throws Exception {
        // load() does not validate values that are the built-in defaults: each must pass as if a user gave it
        for (Option o : Option.values()) {
            ConfigLoader.validate(o, o.defaultValue(), "agent option");
        }
    }

    @Test
    void defaultsWhenNothingIsGiven() throws Exception {
        Config c = ConfigLoader.load(null, env(Map.of(), new Properties()));
        assertThat(c.telemetry()).isEqualTo(TelemetryChoice.UNDECIDED);
        assertThat(c.get(Option.LOG_LEVEL)).isEqualTo("info");
        assertThat(c.source(Option.TELEMETRY)).isEqualTo(ConfigLoader.SOURCE_DEFAULT);
        assertThat(c.isSet(Option.TELEMETRY)).isFalse();
    }

    @Test
    void precedenceAgentOptionThenPropertyThenEnvironmentThenFile() throws Exception {
        Path file = tmp.resolve("t.properties");
        Files.writeString(file, "telemetry=off\nlog-level=debug\napp-name=fromfile\nmax-commands=7\n");
        Map<String, String> vars = new HashMap<>();
        vars.put("TELEMETRY_CONFIG", file.toString());
        vars.put("TELEMETRY_TELEMETRY", "yes");
        vars.put("TELEMETRY_LOG_LEVEL", "warn");
        vars.put("TELEMETRY_APP_NAME", "fromenv");
        Properties props = new Properties();
        props.setProperty("telemetry.telemetry", "no");
        props.setProperty("telemetry.log-level", "off");

        Config c = ConfigLoader.load("telemetry=enable", env(vars, props));
        assertThat(c.telemetry()).isEqualTo(TelemetryChoice.ENABLE);
        assertThat(c.source(Option.TELEMETRY)).isEqualTo("agent option");
        assertThat(c.get(Option.LOG_LEVEL)).isEqualTo("off");
        assertThat(c.source(Option.LOG_LEVEL)).isEqualTo("system property -Dtelemetry.log-level");
        assertThat(c.get(Option.APP_NAME)).isEqualTo("fromenv");
        assertThat(c.source(Option.APP_NAME)).isEqualTo("environment variable TELEMETRY_APP_NAME");
        assertThat(c.integer(Option.MAX_COMMANDS)).isEqualTo(7);
        assertThat(c.source(Option.MAX_COMMANDS)).isEqualTo("file " + file);
    }

    @Test
    void environmentVariableNamesUseUnderscores() {
        assertThat(Option.UNDECIDED_DELAY.environmentVariable()).isEqualTo("TELEMETRY_UNDECIDED_DELAY");
        assertThat(Option.STATE_DIR.systemProperty()).isEqualTo("telemetry.state-dir");
    }

    @Test
    void unknownAgentOptionKeyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.load("telemtry=disable", env(Map.of(), new Properties())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key \"telemtry\"")
                .hasMessageContaining("accepted keys: telemetry");
    }

    @Test
    void unknownSystemPropertyIsAnError() {
        Properties props = new Properties();
        props.setProperty("telemetry.telemtry", "off");
        assertThatThrownBy(() -> ConfigLoader.load("", env(Map.of(), props)))
                .hasMessageContaining("unknown key \"telemtry\"").hasMessageContaining("-Dtelemetry.telemtry");
    }

    @Test
    void unrelatedTelemetryEnvironmentVariablesAreLeftAlone() throws Exception {
        Config c = ConfigLoader.load("", env(Map.of("TELEMETRY_ENDPOINT_OF_SOMETHING_ELSE", "x"), new Properties()));
        assertThat(c.telemetry()).isEqualTo(TelemetryChoice.UNDECIDED);
    }

    @Test
    void malformedPairIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.load("telemetry", env(Map.of(), new Properties())))
                .hasMessageContaining("malformed agent option \"telemetry\"");
        assertThatThrownBy(() -> ConfigLoader.load("telemetry=off,,", env(Map.of(), new Properties())))
                .hasMessageContaining("malformed agent option");
        assertThatThrownBy(() -> ConfigLoader.load("=off", env(Map.of(), new Properties())))
                .hasMessageContaining("malformed agent option");
    }

    @Test
    void unparsableValuesNameKeyValueAndWhatIsAccepted() {
        Environment e = env(Map.of(), new Properties());
        assertThatThrownBy(() -> ConfigLoader.load("telemetry=maybe", e))
                .hasMessageContaining("bad value \"maybe\" for telemetry").hasMessageContaining("accepted: one of 1 t true");
        assertThatThrownBy(() -> ConfigLoader.load("undecided-delay=1hour", e))
                .hasMessageContaining("bad value \"1hour\" for undecided-delay").hasMessageContaining("ms, s, m, h or d");
        assertThatThrownBy(() -> ConfigLoader.load("log-level=loud", e)).hasMessageContaining("debug, info, warn or off");
        assertThatThrownBy(() -> ConfigLoader.load("max-commands=0", e)).hasMessageContaining("from 1 to 1000000");
        assertThatThrownBy(() -> ConfigLoader.load("app-name=../etc", e)).hasMessageContaining("for app-name");
        assertThatThrownBy(() -> ConfigLoader.load("operator-regex=(a)(b)", e)).hasMessageContaining("exactly one capturing group");
        assertThatThrownBy(() -> ConfigLoader.load("command=arg", e)).hasMessageContaining("arg0 ... arg9 or method");
    }

    @Test
    void valueFromEnvironmentIsValidatedToo() {
        assertThatThrownBy(() -> ConfigLoader.load("", env(Map.of("TELEMETRY_TELEMETRY", "perhaps"), new Properties())))
                .hasMessageContaining("\"perhaps\"").hasMessageContaining("environment variable TELEMETRY_TELEMETRY");
    }

    @Test
    void missingConfigFileIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.load("config=" + tmp.resolve("nope.properties"), env(Map.of(), new Properties())))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void unknownKeyInFileIsAnError() throws Exception {
        Path file = tmp.resolve("t.properties");
        Files.writeString(file, "telemetri=off\n");
        assertThatThrownBy(() -> ConfigLoader.load("config=" + file, env(Map.of(), new Properties())))
                .hasMessageContaining("unknown key \"telemetri\" in file");
    }

    /** The start path checks names and URLs by hand (no regex on the premain thread): exactly the rules the regexes stated. */
    @Test
    void handWrittenChecksAcceptWhatTheirRegexesAccepted() {
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("(?i)https?://[^\\s/?#]+(?::\\d{1,5})?(?:/\\S*)?");
        java.util.regex.Pattern profile = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
        String[] urls = {"https://t.example.com/v1/report", "http://127.0.0.1:8080/v1/report", "HTTPS://X", "http://", "https:///x",
            "ftp://x", "http://host?q", "http://host#f", "http://h/a b", "http://h:99999/x", "http://[::1]:80/", "http://h/?a#b", " http://h"};
        for (String u : urls) {
            assertThat(ReportUrl.isHttpUrl(u)).as(u).isEqualTo(url.matcher(u).matches());
        }
        String[] names = {"mydb", "My-DB_2.3", "-x", ".x", "x", "", "a".repeat(64), "a".repeat(65), "Ünï", "a b", "9lives", "a/b"};
        for (String n : names) {
            assertThat(ConfigLoader.isProfileName(n)).as(n).isEqualTo(profile.matcher(n).matches());
        }
    }

    /** The baked-in defaults are parsed only when they hold a key: {@link ConfigLoader#onlyComments} agrees with {@link Properties#load}. */
    @Test
    void textIsOnlyCommentsExactlyWhenPropertiesFindsNoKey() throws Exception {
        List<String> texts = List.of("", "\n", "\r\n\r\n", "# a comment\n! another\n", "   # indented\n\t! tabbed\n\f#feed",
                "# a comment ending in a backslash \\\nkey=value", "key=value", "  key", "# c\nkey", "=value", "\\#not=comment",
                "#\n  \n\t\nx:1", "# last line without a newline");
        for (String t : texts) {
            Properties p = new Properties();
            p.load(new StringReader(t));
            assertThat(ConfigLoader.onlyComments(t)).as("\"" + t + "\"").isEqualTo(p.isEmpty());
        }
    }

    @Test
    void theJarsOwnDefaultsAreCommentsOnly() throws Exception {
        byte[] own = ConfigLoaderTest.class.getResourceAsStream(ConfigLoader.BAKED_IN_RESOURCE).readAllBytes();
        assertThat(ConfigLoader.onlyComments(new String(own, StandardCharsets.UTF_8))).isTrue();
    }
}
