package dev.telemetry.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryChoiceTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "true", "y", "yes", "on", "enable", "enabled", "optin", "opt-in", "allow"})
    void enableWordsInAnyCaseAndWhitespace(String word) {
        assertThat(TelemetryChoice.parse(word)).isEqualTo(TelemetryChoice.ENABLE);
        assertThat(TelemetryChoice.parse("  " + word.toUpperCase(Locale.ROOT) + "\t")).isEqualTo(TelemetryChoice.ENABLE);
        assertThat(TelemetryChoice.parse(mixed(word))).isEqualTo(TelemetryChoice.ENABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "false", "n", "no", "off", "disable", "disabled", "optout", "opt-out", "disallow", "forbid"})
    void disableWordsInAnyCaseAndWhitespace(String word) {
        assertThat(TelemetryChoice.parse(word)).isEqualTo(TelemetryChoice.DISABLE);
        assertThat(TelemetryChoice.parse(" " + word.toUpperCase(Locale.ROOT) + " ")).isEqualTo(TelemetryChoice.DISABLE);
        assertThat(TelemetryChoice.parse(mixed(word))).isEqualTo(TelemetryChoice.DISABLE);
    }

    @Test
    void forbidDisablesDespiteThePage() {
        assertThat(TelemetryChoice.parse("Forbid")).isEqualTo(TelemetryChoice.DISABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "undecided", "UNDECIDED", " Undecided "})
    void undecidedWords(String word) {
        assertThat(TelemetryChoice.parse(word)).isEqualTo(TelemetryChoice.UNDECIDED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "2", "tru", "enable!", "yes please", "o n", "-1", "undecide", "nope", "\u0131"})
    void garbageIsNotAWord(String word) {
        assertThat(TelemetryChoice.parse(word)).isNull();
    }

    private static String mixed(String word) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            b.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }
}
