package dev.telemetry.agent.metrics;

import dev.telemetry.contract.LatencyBuckets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {
    @Test
    void bucketBoundariesArePowersOfTwoMicroseconds() {
        assertThat(LatencyHistogram.bucketOf(-5)).isZero();
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(999)).isZero();
        assertThat(LatencyHistogram.bucketOf(1_000)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(1_999)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(2_000)).isEqualTo(2);
        assertThat(LatencyHistogram.bucketOf(3_999)).isEqualTo(2);
        assertThat(LatencyHistogram.bucketOf(4_000)).isEqualTo(3);
        assertThat(LatencyHistogram.bucketOf(1_000_000)).isEqualTo(10); // 1 ms lies in [512, 1024) µs
        assertThat(LatencyHistogram.bucketOf(100_000_000_000L)).isEqualTo(27); // 100 s < 2^27 µs
        assertThat(LatencyHistogram.bucketOf(135_000_000_000L)).isEqualTo(28);
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE)).isEqualTo(28);
    }

    @Test
    void everyDurationFallsInsideItsBucketsEdgesAsTheContractDrawsThem() {
        for (long nanos = 1; nanos < 200_000_000_000L; nanos = nanos * 3 + 7) {
            int b = LatencyHistogram.bucketOf(nanos);
            assertThat(nanos / 1000).isLessThan(LatencyBuckets.upperBoundMicros(b));
            if (b > 0) {
                assertThat(nanos / 1000).isGreaterThanOrEqualTo(LatencyBuckets.upperBoundMicros(b - 1));
            }
            assertThat(nanos / 1000).isGreaterThanOrEqualTo(LatencyBuckets.lowerBoundMicros(b));
        }
        for (int b = 1; b < LatencyBuckets.COUNT; b++) {
            assertThat(LatencyHistogram.bucketOf(LatencyBuckets.lowerBoundMicros(b) * 1000)).isEqualTo(b);
            assertThat(LatencyHistogram.bucketOf(LatencyBuckets.lowerBoundMicros(b) * 1000 - 1)).isEqualTo(b - 1);
        }
        assertThat(new LatencyHistogram().counts()).hasSize(LatencyBuckets.COUNT);
        assertThat(LatencyBuckets.upperBoundMicros(0)).isEqualTo(1);
        assertThat(LatencyBuckets.upperBoundMicros(27)).isEqualTo(1L << 27);
        assertThat(LatencyBuckets.upperBoundMicros(28)).isEqualTo(Long.MAX_VALUE);
    }
}
