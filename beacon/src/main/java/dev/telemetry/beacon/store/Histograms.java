package dev.telemetry.beacon.store;

import dev.telemetry.contract.LatencyBuckets;

/**
 * The report's latency buckets ({@link LatencyBuckets}) as the dashboard's tables hold them: one
 * column a bucket, added across reports and installations, and a percentile read off the merged
 * counts by the contract's one rule, never averaged.
 */
public final class Histograms {
    public static final int BUCKETS = LatencyBuckets.COUNT;
    /** The percentile fell in the last bucket, 2^27 µs (about 134 s) and more. */
    public static final long UNBOUNDED = LatencyBuckets.UNBOUNDED;
    /** Where the last bucket starts. */
    public static final long LAST_BUCKET_MICROS = LatencyBuckets.LAST_BUCKET_MICROS;

    private Histograms() {}

    /** The column of {@code daily_commands} holding the bucket. */
    public static String column(int bucket) {
        return String.format("b%02d", bucket);
    }

    /** {@link LatencyBuckets#percentileMicros}: the upper edge of the bucket holding quantile q; -1 when there are no counts. */
    public static long percentileMicros(long[] buckets, double q) {
        return LatencyBuckets.percentileMicros(buckets, q);
    }
}
