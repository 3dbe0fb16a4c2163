package dev.telemetry.agent.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The value words of the {@code telemetry} option (and of {@code DO_NOT_TRACK}). The reference page
 * also lists {@code forbid} among the enable words; that is a slip: here {@code forbid} disables.
 */
public enum TelemetryChoice {
    ENABLE, DISABLE, UNDECIDED;

    public static final List<String> ENABLE_WORDS = Collections.unmodifiableList(Arrays.asList(
            "1", "t", "true", "y", "yes", "on", "enable", "enabled", "optin", "opt-in", "allow"));
    public static final List<String> DISABLE_WORDS = Collections.unmodifiableList(Arrays.asList(
            "0", "f", "false", "n", "no", "off", "disable", "disabled", "optout", "opt-out", "disallow", "forbid"));
    /** What the option accepts, in words (for a rejected value: made then, not at every start). */
    public static String accepted() {
        return "one of " + String.join(" ", ENABLE_WORDS) + " (enable), "
                + String.join(" ", DISABLE_WORDS) + " (disable), or empty / undecided";
    }

    /** Case-insensitive, surrounding whitespace ignored; null for anything that is not a value word. */
    public static TelemetryChoice parse(String value) {
        if (value == null) {
            return UNDECIDED;
        }
        String word = value.trim().toLowerCase(Locale.ROOT);
        if (word.isEmpty() || word.equals("undecided")) {
            return UNDECIDED;
        }
        // the lists, not hash sets: a dozen words each, and no set to build on the premain thread
        if (ENABLE_WORDS.contains(word)) {
            return ENABLE;
        }
        if (DISABLE_WORDS.contains(word)) {
            return DISABLE;
        }
        return null;
    }
}
