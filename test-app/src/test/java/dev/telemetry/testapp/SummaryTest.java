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
}
