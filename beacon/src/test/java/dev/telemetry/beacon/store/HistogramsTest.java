package dev.telemetry.beacon.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramsTest {
    private static long[] buckets(int... pairs) {
        long[] h = new long[Histograms.BUCKETS];
        for (int i = 0; i < pairs.length; i += 2) {
            h[pairs[i]] = pairs[i + 1];
        }
        return h;
    }

    @Test
    void readsTheUpperEdgeOfTheBucketHoldingTheRank() {
        long[] h = buckets(0, 50, 3, 45, 9, 5); // 100 dispatches
        assertThat(Histograms.percentileMicros(h, 0.50)).isEqualTo(1);   // rank 50: under 1 µs
        assertThat(Histograms.percentileMicros(h, 0.51)).isEqualTo(8);   // rank 51: [4, 8)
        assertThat(Histograms.percentileMicros(h, 0.95)).isEqualTo(8);   // rank 95 exactly, not 96
        assertThat(Histograms.percentileMicros(h, 0.96)).isEqualTo(512);
        assertThat(Histograms.percentileMicros(h, 0.99)).isEqualTo(512);
    }

    @Test
    void theLastBucketHasNoUpperEdgeAndNothingGivesMinusOne() {
        assertThat(Histograms.percentileMicros(buckets(28, 1), 0.5)).isEqualTo(Histograms.UNBOUNDED);
        assertThat(Histograms.percentileMicros(buckets(27, 1), 0.5)).isEqualTo(1L << 27);
        assertThat(Histograms.percentileMicros(new long[Histograms.BUCKETS], 0.5)).isEqualTo(-1);
    }
}
