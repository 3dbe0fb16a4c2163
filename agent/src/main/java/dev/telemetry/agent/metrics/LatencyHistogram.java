package dev.telemetry.agent.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * Fixed, log-scaled latency buckets, the same in every process so they can be merged by adding:
 * bucket 0 holds durations under 1 µs; bucket i (1..27) holds [2^(i-1), 2^i) µs; bucket 28 holds
 * 2^27 µs (about 134 s) and more. The upper bounds are {@link #upperBoundMicros(int)}.
 */
public final class LatencyHistogram {
    public static final int BUCKETS = 29;

    private final LongAdder[] buckets = new LongAdder[BUCKETS];

    public LatencyHistogram() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** The bucket for a duration in nanoseconds (negative counts as 0). */
    public static int bucketOf(long nanos) {
        long micros = nanos / 1000;
        if (micros <= 0) {
            return 0;
        }
        int i = 64 - Long.numberOfLeadingZeros(micros);
        return Math.min(i, BUCKETS - 1);
    }

    /** Exclusive upper bound of bucket i in microseconds; {@code Long.MAX_VALUE} for the last. */
    public static long upperBoundMicros(int bucket) {
        return bucket >= BUCKETS - 1 ? Long.MAX_VALUE : 1L << bucket;
    }

    public void record(long nanos) {
        buckets[bucketOf(nanos)].increment();
    }

    public long[] counts() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = buckets[i].sum();
        }
        return out;
    }
}
