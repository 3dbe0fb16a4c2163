package dev.telemetry.testapp;

import dev.telemetry.contract.LatencyBuckets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTest {
    @Test
    void percentilesAreTheContractsBucketEdgesReadAsLatencies() {
        // the rule and its figures (8, 32, 512 µs for this histogram) are in the contract's LatencyBucketsTest
        long[] h = {0, 0, 0, 5, 0, 4, 0, 0, 0, 1};
        assertThat(Summary.bound(LatencyBuckets.percentileMicros(h, 0.50))).isEqualTo("<8us");
        assertThat(Summary.bound(LatencyBuckets.percentileMicros(h, 0.99))).isEqualTo("<512us");
        assertThat(Summary.bound(LatencyBuckets.UNBOUNDED)).isEqualTo(">134s");
        assertThat(Summary.bound(LatencyBuckets.percentileMicros(new long[0], 0.5))).isEqualTo("-");
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(Versions.compare("1.48.0", "1.47.0")).isPositive();
        assertThat(Versions.compare("1.10.0", "1.9.2")).isPositive();
        assertThat(Versions.compare("1.2.0-rc1", "1.2.0")).isNegative();
        assertThat(Versions.compare("1.2", "1.2.0")).isZero();
        assertThat(Versions.compare("1.0.0", "unknown")).isPositive();
    }
}
