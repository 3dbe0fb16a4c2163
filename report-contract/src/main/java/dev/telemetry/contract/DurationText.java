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
        int i = digits(s);
        if (i < 0) {
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

    /**
     * The same durations in milliseconds ({@code Long.MAX_VALUE} for one longer than that), or -1
     * when the text is not one. Touches no {@code java.time} class: the agent reads its start delays
     * with it before the host's {@code main}, where setting up {@code Duration} (and the
     * {@code BigInteger} it holds) costs milliseconds.
     */
    public static long millis(String text) {
        String s = text.trim();
        int i = digits(s);
        if (i < 0) {
            return -1;
        }
        long n = Long.parseLong(s.substring(0, i));
        long unit;
        switch (s.substring(i)) {
            case "ms": unit = 1; break;
            case "s": unit = 1000; break;
            case "m": unit = 60_000; break;
            case "h": unit = 3_600_000; break;
            case "d": unit = 86_400_000; break;
            default: return -1;
        }
        return n > Long.MAX_VALUE / unit ? Long.MAX_VALUE : n * unit;
    }

    /** How many leading digits (1 to 12), or -1. */
    private static int digits(String s) {
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i == 0 || i > 12 ? -1 : i;
    }
}
