package dev.telemetry.agent.metrics;

import dev.telemetry.contract.LatencyBuckets;

import java.util.concurrent.atomic.LongAdder;

/**
 * A command's latencies in the report's buckets ({@link LatencyBuckets}: bucket 0 under 1 µs, bucket
 * i [2^(i-1), 2^i) µs, the last 2^27 µs and more). The bucket index is computed here, on the
 * dispatch thread, from the contract's compile-time constants: recording loads no other class.
 */
public final class LatencyHistogram {
    public static final int BUCKETS = LatencyBuckets.COUNT;

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
        return Math.min(i, LatencyBuckets.LAST);
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
