package dev.telemetry.testapp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {
    @Test
    void percentilesComeFromMergedBuckets() {
        // 10 calls: 5 in bucket 3 ([4, 8) µs), 4 in bucket 5, 1 in bucket 9
        long[] h = {0, 0, 0, 5, 0, 4, 0, 0, 0, 1};
        assertThat(Summary.percentile(h, 10, 0.50)).isEqualTo(8);
        assertThat(Summary.percentile(h, 10, 0.90)).isEqualTo(32);
        assertThat(Summary.percentile(h, 10, 0.99)).isEqualTo(512);
        assertThat(Summary.percentile(new long[0], 0, 0.5)).isZero();
    }
}
