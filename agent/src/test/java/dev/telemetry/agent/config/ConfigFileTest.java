package dev.telemetry.agent.config;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The baked-in defaults are parsed only when they hold a key ({@link ConfigLoader#onlyComments} agrees with {@link Properties#load}). */
class ConfigFileTest {
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
        byte[] own = ConfigFileTest.class.getResourceAsStream(ConfigLoader.BAKED_IN_RESOURCE).readAllBytes();
        assertThat(ConfigLoader.onlyComments(new String(own, java.nio.charset.StandardCharsets.UTF_8))).isTrue();
    }
}
