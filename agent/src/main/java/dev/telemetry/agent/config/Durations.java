package dev.telemetry.agent.config;

import dev.telemetry.contract.DurationText;

import java.time.Duration;

/** Durations as written in options ({@link DurationText}, shared with the beacon), and as log lines write them. */
public final class Durations {
    public static final String ACCEPTED = DurationText.ACCEPTED;

    private Durations() {}

    /** Returns null when the text is not a duration. */
    public static Duration parse(String text) {
        return DurationText.parse(text);
    }

    /** Milliseconds, or -1 when the text is not a duration; loads no {@code java.time} class ({@link DurationText#millis}). */
    public static long millis(String text) {
        return DurationText.millis(text);
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
