package dev.telemetry.contract;

import java.time.Duration;

/**
 * Durations as the agent's and the beacon's options write them: a whole number and a unit,
 * {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d} (at most 12 digits, surrounding
 * white space ignored).
 */
public final class DurationText {
    public static final String ACCEPTED = "a number followed by ms, s, m, h or d (e.g. 500ms, 90s, 5m, 1h)";

    private DurationText() {}

    /** The duration, or null when the text is not one. */
    public static Duration parse(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, i));
        switch (s.substring(i)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: return null;
        }
    }
}
