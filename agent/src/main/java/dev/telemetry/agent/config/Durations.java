package dev.telemetry.agent.config;

import java.time.Duration;

/** Durations as written in options: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h}, {@code 2d}. */
public final class Durations {
    public static final String ACCEPTED = "a number followed by ms, s, m, h or d (e.g. 500ms, 90s, 5m, 1h)";

    private Durations() {}

    /** Returns null when the text is not a duration. */
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

    /** The shortest exact spelling, for log lines: 3600000ms is "1h". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) return (ms / 86_400_000L) + "d";
        if (ms % 3_600_000L == 0 && ms != 0) return (ms / 3_600_000L) + "h";
        if (ms % 60_000L == 0 && ms != 0) return (ms / 60_000L) + "m";
        if (ms % 1000L == 0) return (ms / 1000L) + "s";
        return ms + "ms";
    }
}
