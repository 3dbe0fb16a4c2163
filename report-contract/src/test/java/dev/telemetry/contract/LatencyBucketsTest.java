package dev.telemetry.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyBucketsTest {
    /** A full histogram from (bucket, count) pairs. */
    private static long[] buckets(int... pairs) {
        long[] h = new long[LatencyBuckets.COUNT];
        for (int i = 0; i < pairs.length; i += 2) {
            h[pairs[i]] = pairs[i + 1];
        }
        return h;
    }

    @Test
    void twentyNineBucketsOfPowersOfTwoMicroseconds() {
        assertThat(LatencyBuckets.COUNT).isEqualTo(29);
        assertThat(LatencyBuckets.upperBoundMicros(0)).isEqualTo(1);
        assertThat(LatencyBuckets.lowerBoundMicros(0)).isZero();
        for (int i = 1; i < LatencyBuckets.LAST; i++) {
            assertThat(LatencyBuckets.lowerBoundMicros(i)).as("bucket %d", i).isEqualTo(1L << (i - 1));
            assertThat(LatencyBuckets.upperBoundMicros(i)).as("bucket %d", i).isEqualTo(1L << i);
            assertThat(LatencyBuckets.lowerBoundMicros(i + 1)).isEqualTo(LatencyBuckets.upperBoundMicros(i));
        }
        assertThat(LatencyBuckets.upperBoundMicros(27)).isEqualTo(1L << 27);
        assertThat(LatencyBuckets.lowerBoundMicros(28)).isEqualTo(LatencyBuckets.LAST_BUCKET_MICROS).isEqualTo(1L << 27);
        assertThat(LatencyBuckets.upperBoundMicros(28)).isEqualTo(Long.MAX_VALUE).isEqualTo(LatencyBuckets.UNBOUNDED);
    }

    @Test
    void aPercentileIsTheUpperEdgeOfTheBucketHoldingTheRank() {
        long[] h = buckets(0, 50, 3, 45, 9, 5); // 100 dispatches
        assertThat(LatencyBuckets.percentileMicros(h, 0.50)).isEqualTo(1);   // rank 50: under 1 µs
        assertThat(LatencyBuckets.percentileMicros(h, 0.51)).isEqualTo(8);   // rank 51: [4, 8)
        assertThat(LatencyBuckets.percentileMicros(h, 0.95)).isEqualTo(8);   // rank 95 exactly, not 96
        assertThat(LatencyBuckets.percentileMicros(h, 0.96)).isEqualTo(512);
        assertThat(LatencyBuckets.percentileMicros(h, 0.99)).isEqualTo(512);
    }

    @Test
    void aShortHistogramReadsTheSame() {
        // 10 calls: 5 in bucket 3 ([4, 8) µs), 4 in bucket 5, 1 in bucket 9; trailing buckets left out, as in a report
        long[] h = {0, 0, 0, 5, 0, 4, 0, 0, 0, 1};
        assertThat(LatencyBuckets.percentileMicros(h, 0.50)).isEqualTo(8);
        assertThat(LatencyBuckets.percentileMicros(h, 0.90)).isEqualTo(32);
        assertThat(LatencyBuckets.percentileMicros(h, 0.99)).isEqualTo(512);
    }

    @Test
    void theLastBucketHasNoUpperEdgeAndNoCountsHaveNoPercentile() {
        assertThat(LatencyBuckets.percentileMicros(buckets(28, 1), 0.5)).isEqualTo(LatencyBuckets.UNBOUNDED);
        assertThat(LatencyBuckets.percentileMicros(buckets(27, 1), 0.5)).isEqualTo(1L << 27);
        assertThat(LatencyBuckets.percentileMicros(new long[LatencyBuckets.COUNT], 0.5)).isEqualTo(-1).isEqualTo(LatencyBuckets.NO_COUNTS);
        assertThat(LatencyBuckets.percentileMicros(new long[0], 0.5)).isEqualTo(LatencyBuckets.NO_COUNTS);
    }
}
