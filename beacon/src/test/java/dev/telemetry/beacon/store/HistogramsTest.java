package dev.telemetry.beacon.store;

import dev.telemetry.contract.LatencyBuckets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The percentile rule itself is the contract's (LatencyBucketsTest); here, the dashboard's use of it. */
class HistogramsTest {
    @Test
    void theDashboardReadsTheContractsBucketsAndRule() {
        long[] h = new long[Histograms.BUCKETS];
        h[0] = 50;
        h[3] = 45;
        h[9] = 5; // 100 dispatches
        assertThat(Histograms.BUCKETS).isEqualTo(LatencyBuckets.COUNT);
        assertThat(Histograms.percentileMicros(h, 0.95)).isEqualTo(8).isEqualTo(LatencyBuckets.percentileMicros(h, 0.95));
        assertThat(Histograms.percentileMicros(new long[Histograms.BUCKETS], 0.5)).isEqualTo(-1);
        assertThat(Histograms.UNBOUNDED).isEqualTo(LatencyBuckets.UNBOUNDED);
    }

    @Test
    void oneColumnABucket() {
        assertThat(Histograms.column(0)).isEqualTo("b00");
        assertThat(Histograms.column(Histograms.BUCKETS - 1)).isEqualTo("b28");
    }
}
