package dev.telemetry.beacon.ingest;

import dev.telemetry.beacon.store.Histograms;

import java.util.Arrays;

/**
 * One command's counts: as a report gives them for its run (cumulative), as a run's row keeps them,
 * and as a day's growth is added to {@code daily_commands}. The histogram always has the one layout,
 * {@link Histograms#BUCKETS} buckets (a report may send fewer; the rest are 0).
 */
public record CommandCounts(long count, long failures, long totalMicros, long[] histogram) {
    public static final CommandCounts ZERO = new CommandCounts(0, 0, 0, new long[0]);

    public CommandCounts {
        if (histogram.length != Histograms.BUCKETS) {
            histogram = Arrays.copyOf(histogram, Histograms.BUCKETS);
        }
    }

    /** How much these cumulative counts grew since {@code before}; a counter that went down (it should not) adds 0. */
    public CommandCounts growthSince(CommandCounts before) {
        long[] h = new long[Histograms.BUCKETS];
        for (int i = 0; i < h.length; i++) {
            h[i] = Math.max(0, histogram[i] - before.histogram[i]);
        }
        return new CommandCounts(Math.max(0, count - before.count), Math.max(0, failures - before.failures),
                Math.max(0, totalMicros - before.totalMicros), h);
    }

    public boolean isZero() {
        if (count != 0 || failures != 0 || totalMicros != 0) {
            return false;
        }
        for (long b : histogram) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandCounts c && c.count == count && c.failures == failures && c.totalMicros == totalMicros
                && Arrays.equals(c.histogram, histogram);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "CommandCounts[" + count + ", " + failures + ", " + totalMicros + ", " + Arrays.toString(histogram) + "]";
    }
}
