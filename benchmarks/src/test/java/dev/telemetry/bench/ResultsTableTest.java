package dev.telemetry.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The derived figures follow from the cells: each verdict is computed, not written. */
class ResultsTableTest {
    private static JmhRuns.Row row(String benchmark, String config, int threads, double ns, double alloc) {
        return new JmhRuns.Row(benchmark, config, threads, ns, 0.5, alloc);
    }

    private static String table(double agentSuccessNs, double agentAlloc) {
        List<JmhRuns.Row> rows = new ArrayList<>();
        rows.add(row(BenchmarkRunner.FLOOR, JvmConfigurations.PLAIN, 1, 20, 0));
        for (int t : BenchmarkRunner.THREADS) {
            double scale = t == 1 ? 1 : 1.1; // 2 threads: 2 x 1 / 1.1 = 1.82 throughput
            rows.add(row(BenchmarkRunner.SUCCESS, JvmConfigurations.PLAIN, t, 10 * scale, 0));
            rows.add(row(BenchmarkRunner.ERROR, JvmConfigurations.PLAIN, t, 100 * scale, 48));
            rows.add(row(BenchmarkRunner.SUCCESS, JvmConfigurations.AGENT, t, agentSuccessNs * scale, agentAlloc));
            rows.add(row(BenchmarkRunner.ERROR, JvmConfigurations.AGENT, t, 140 * scale, 48));
            rows.add(row(BenchmarkRunner.SUCCESS, JvmConfigurations.OTEL, t, 410 * scale, 300));
            rows.add(row(BenchmarkRunner.ERROR, JvmConfigurations.OTEL, t, 900 * scale, 900));
        }
        BenchmarkRunner.Command c = new BenchmarkRunner.Command();
        BenchCli.commandLine(c).parseArgs("--quick");
        return ResultsTable.table(rows, List.of("telemetry-agent: instruments Dispatcher.handle"), c.settings,
                JvmConfigurations.configurations(c.settings, Path.of("/tmp/state")), Duration.ofSeconds(75));
    }

    @Test
    void theTargetsAreMetWhenTheFiguresAre() {
        String t = table(40, 0); // +30 ns over plain: under floor 20 + 25; OpenTelemetry +400: 13.3 x ours
        assertThat(t).contains("(c) telemetry-agent success path: added +30.00 ± 0.71 ns vs limit floor + 25 = 45.00 ns -> MET");
        assertThat(t).contains("1 thread(s) 0.000 B/op  2 thread(s) 0.000 B/op -> MET");
        assertThat(t).contains("success:  plain 1.82  telemetry-agent 1.82 (MET)  opentelemetry 1.82");
        assertThat(t).contains("success: 13.3 (400.0 / 30.00 ns) -> MET");
        assertThat(t).contains("took 1m 15s").contains("(--quick: a smoke test, not figures to quote)");
    }

    @Test
    void andNotMetWhenTheyAreNot() {
        String t = table(60, 24); // +50 ns: over 45; allocates; OpenTelemetry 400 / 50 = 8 x
        assertThat(t).contains("-> NOT MET");
        assertThat(t).contains("1 thread(s) 24.000 B/op  2 thread(s) 24.000 B/op -> NOT MET");
        assertThat(t).contains("success: 8.0 (400.0 / 50.00 ns) -> NOT MET");
    }
}
