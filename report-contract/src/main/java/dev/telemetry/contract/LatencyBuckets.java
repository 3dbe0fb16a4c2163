package dev.telemetry.contract;

/**
 * The report's latency histogram (docs/report-format.md, {@code commands.*.histogram}): the same
 * buckets in every process, so histograms merge by adding, and a percentile is read off the merged
 * counts, never averaged. Bucket 0 holds durations under 1 µs; bucket i (1 to 27) holds
 * [2^(i-1), 2^i) µs; bucket 28 holds 2^27 µs (about 134 s) and more.
 */
public final class LatencyBuckets {
    /** How many buckets a histogram has; a report may leave trailing empty ones out. */
    public static final int COUNT = 29;
    /** The last bucket, which has no upper edge. */
    public static final int LAST = COUNT - 1;
    /** Where the last bucket starts, in µs. */
    public static final long LAST_BUCKET_MICROS = 1L << (COUNT - 2);
    /** The upper edge of the last bucket, and a percentile that falls in it. */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** The percentile of a histogram that holds no counts. */
    public static final long NO_COUNTS = -1;

    private LatencyBuckets() {}

    /** Inclusive lower edge of a bucket in µs: 0 for bucket 0, else 2^(i-1). */
    public static long lowerBoundMicros(int bucket) {
        return bucket <= 0 ? 0 : 1L << (Math.min(bucket, LAST) - 1);
    }

    /** Exclusive upper edge of a bucket in µs: 2^i; {@link #UNBOUNDED} for the last. */
    public static long upperBoundMicros(int bucket) {
        return bucket >= LAST ? UNBOUNDED : 1L << bucket;
    }

    /**
     * The one percentile rule: the upper edge in µs of the bucket holding the dispatch of rank
     * ceil(q x total) (at least 1) in the counts, 0 < q <= 1. "p95 = 512" means 95% of dispatches
     * took under 512 µs; 95 of 100 dispatches is rank 95 exactly, not 96 (the product is rounded
     * down by a hair first, since 0.95 x 100 is 95.00000000000001 in floating point). A percentile
     * in the last bucket is {@link #UNBOUNDED}; with no counts it is {@link #NO_COUNTS}.
     */
    public static long percentileMicros(long[] counts, double q) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return NO_COUNTS;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total - 1e-9));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperBoundMicros(i);
            }
        }
        return UNBOUNDED;
    }
}
