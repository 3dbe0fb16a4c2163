package dev.telemetry.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's metrics are read as JSON: field order and spacing do not matter, a missing line reads as nothing. */
class InstrumentationChecksTest {
    @Test
    void readsTheMetricsLineAsJsonInAnyFieldOrder() {
        String out = String.join("\n",
                "[telemetry] DEBUG instrumented dev.telemetry.bench.Dispatcher",
                "CALLS find=1000 fail=10",
                "METRICS {\"dropped\": {}, \"commands\": {\"fail\": {\"histogram\": [10], \"failures\": 10, \"count\": 10},"
                        + " \"find\": {\"total_us\": 5, \"count\": 1000, \"failures\": 0}}, \"results\": []}");
        assertThat(InstrumentationChecks.metrics(out).path("commands").path("find").path("count").asLong()).isEqualTo(1000);
        assertThat(InstrumentationChecks.metrics(out).path("commands").path("fail").path("failures").asLong()).isEqualTo(10);
    }

    @Test
    void noMetricsOrBrokenJsonIsMissing() {
        assertThat(InstrumentationChecks.metrics("METRICS unavailable: no MBean dev.telemetry:type=Agent").isMissingNode()).isTrue();
        assertThat(InstrumentationChecks.metrics("METRICS {\"commands\": ").isMissingNode()).isTrue();
        assertThat(InstrumentationChecks.metrics("").path("commands").path("find").path("count").asLong(-1)).isEqualTo(-1);
    }
}
