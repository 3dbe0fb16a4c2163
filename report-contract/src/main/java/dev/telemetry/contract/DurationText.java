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
        long[] v = split(text);
        return v == null ? null : Duration.ofMillis(v[0]).multipliedBy(v[1]);
    }

    /**
     * The same durations in milliseconds ({@code Long.MAX_VALUE} for one longer than that), or -1
     * when the text is not one. Touches no {@code java.time} class: the agent reads its start delays
     * with it before the host's {@code main}, where setting up {@code Duration} (and the
     * {@code BigInteger} it holds) costs milliseconds.
     */
    public static long millis(String text) {
        long[] v = split(text);
        if (v == null) {
            return -1;
        }
        return v[0] > Long.MAX_VALUE / v[1] ? Long.MAX_VALUE : v[0] * v[1];
    }

    /** The number and its unit in milliseconds, or null: 1 to 12 digits, then ms, s, m, h or d. */
    private static long[] split(String text) {
        String s = text.trim();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12) {
            return null;
        }
        long unit;
        switch (s.substring(i)) {
            case "ms": unit = 1; break;
            case "s": unit = 1000; break;
            case "m": unit = 60_000; break;
            case "h": unit = 3_600_000; break;
            case "d": unit = 86_400_000; break;
            default: return null;
        }
        return new long[] {Long.parseLong(s.substring(0, i)), unit};
    }
}
