package dev.telemetry.beacon.store;

/**
 * The agent's latency buckets (docs/report-format.md): index 0 is under 1 µs, index i (1 to 27) is
 * [2^(i-1), 2^i) µs, index 28 is 2^27 µs and more. The same buckets in every report, so histograms
 * merge by adding, and a percentile is read off the merged counts, never averaged.
 */
public final class Histograms {
    public static final int BUCKETS = 29;
    /** The percentile fell in the last bucket, 2^27 µs (about 134 s) and more. */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** Where the last bucket starts. */
    public static final long LAST_BUCKET_MICROS = 1L << (BUCKETS - 2);

    private Histograms() {}

    /** The column of {@code daily_commands} holding the bucket. */
    public static String column(int bucket) {
        return String.format("b%02d", bucket);
    }

    /**
     * The upper edge in µs of the bucket holding the dispatch at quantile {@code q} (0 < q <= 1) of
     * the merged counts: "p95 = 512" means 95% of dispatches took under 512 µs. The last bucket
     * has no upper edge: {@link #UNBOUNDED}. -1 when there are no counts.
     */
    public static long percentileMicros(long[] buckets, double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total - 1e-9)); // the epsilon: 0.95 * 100 is 95.00000000000001
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return i == BUCKETS - 1 ? UNBOUNDED : 1L << i;
            }
        }
        return UNBOUNDED;
    }
}
