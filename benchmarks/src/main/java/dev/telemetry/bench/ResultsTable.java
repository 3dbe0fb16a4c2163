package dev.telemetry.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dispatch benchmark's results: every measured cell, the instrumentation checks, and the figures
 * derived from them against their targets (added cost per call, the floor, allocation, 2-thread
 * scaling, OpenTelemetry's cost over ours), as printed and written to benchmark-results.txt.
 */
final class ResultsTable {
    static final double FLOOR_MARGIN_NS = 25.0;
    static final double SCALING_TARGET = 1.7;
    static final double OTEL_RATIO_TARGET = 10.0;
    /** Below this, B/op is "no allocation per call": the smallest object is 16 bytes. */
    static final double ZERO_ALLOC_THRESHOLD = 0.5;

    private ResultsTable() {}

    static String table(List<JmhRuns.Row> rows, List<String> checks, BenchSettings s, Map<String, List<String>> configs,
                        Duration took) {
        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(96) + "\n";
        b.append(rule);
        b.append("Dispatch benchmark: what timing one call of a dispatch method costs\n");
        b.append(String.format(Locale.ROOT, "JMH %s, AverageTime, ns/op (lower is better); B/op = gc.alloc.rate.norm%n",
                jmhVersion()));
        b.append(String.format(Locale.ROOT, "JVM %s (%s), %d CPUs, %s%n", System.getProperty("java.vm.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), s.describe()));
        b.append(String.format(Locale.ROOT, "run %s, took %s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))
                        .replaceAll("\\.\\d+", ""), format(took)));
        b.append("fork JVM args (all): ").append(String.join(" ", JvmConfigurations.COMMON_JVM_ARGS)).append('\n');
        for (Map.Entry<String, List<String>> e : configs.entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-16s %s%n", e.getKey(),
                    e.getValue().isEmpty() ? "(no agent)" : String.join(" ", e.getValue())));
        }
        b.append(rule);

        b.append(String.format(Locale.ROOT, "%-14s %-16s %7s %12s %10s %10s%n",
                "benchmark", "config", "threads", "ns/op", "error", "B/op"));
        for (JmhRuns.Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-14s %-16s %7d %12.3f %10s %10.3f%n",
                    r.benchmark(), r.config(), r.threads(), r.score(), "± " + fmt(r.error()), r.allocNorm()));
        }
        b.append(rule);

        b.append("Instrumentation check (separate JVMs, before the runs)\n");
        for (String c : checks) {
            b.append("  ").append(c).append('\n');
        }
        b.append(rule);

        b.append("Derived figures (single thread unless noted; errors are JMH 99.9% half-intervals, combined in quadrature)\n");
        JmhRuns.Row floor = find(rows, BenchmarkRunner.FLOOR, JvmConfigurations.PLAIN, 1);

        b.append("(a) added cost per call vs plain (instrumented - plain), 1 thread:\n");
        for (String bench : new String[]{BenchmarkRunner.SUCCESS, BenchmarkRunner.ERROR}) {
            b.append(String.format(Locale.ROOT, "      %-8s", bench + ":"));
            for (String config : new String[]{JvmConfigurations.AGENT, JvmConfigurations.OTEL}) {
                Diff d = added(rows, bench, config, 1);
                b.append(String.format(Locale.ROOT, "  %s %s ns", config, d));
            }
            b.append('\n');
        }

        b.append(String.format(Locale.ROOT, "(b) floor (nanoTimeFloor: two System.nanoTime() calls, plain, 1 thread): %s ns%n",
                floor == null ? "n/a" : fmt(floor.score()) + " ± " + fmt(floor.error())));

        Diff agentSuccess = added(rows, BenchmarkRunner.SUCCESS, JvmConfigurations.AGENT, 1);
        if (floor != null && agentSuccess != null) {
            double limit = floor.score() + FLOOR_MARGIN_NS;
            b.append(String.format(Locale.ROOT,
                    "(c) telemetry-agent success path: added %s ns vs limit floor + %.0f = %s ns -> %s%n",
                    agentSuccess, FLOOR_MARGIN_NS, fmt(limit), agentSuccess.value <= limit ? "MET" : "NOT MET"));
        }

        b.append("(d) telemetry-agent success path allocation (target 0 B/op, i.e. < " + ZERO_ALLOC_THRESHOLD + "):");
        boolean allZero = true;
        for (int t : BenchmarkRunner.THREADS) {
            JmhRuns.Row r = find(rows, BenchmarkRunner.SUCCESS, JvmConfigurations.AGENT, t);
            if (r != null) {
                b.append(String.format(Locale.ROOT, "  %d thread(s) %.3f B/op", t, r.allocNorm()));
                allZero &= r.allocNorm() < ZERO_ALLOC_THRESHOLD;
            }
        }
        b.append(" -> ").append(allZero ? "MET" : "NOT MET").append('\n');
        JmhRuns.Row agentErr = find(rows, BenchmarkRunner.ERROR, JvmConfigurations.AGENT, 1);
        JmhRuns.Row plainErr = find(rows, BenchmarkRunner.ERROR, JvmConfigurations.PLAIN, 1);
        if (agentErr != null && plainErr != null) {
            b.append(String.format(Locale.ROOT, "      (for reference, error path 1 thread: plain %.3f B/op, telemetry-agent %.3f B/op)%n",
                    plainErr.allocNorm(), agentErr.allocNorm()));
        }

        b.append("(e) 2-thread scaling, throughput ratio 2 x (1-thread ns/op) / (2-thread ns/op); target >= "
                + SCALING_TARGET + " for telemetry-agent:\n");
        for (String bench : new String[]{BenchmarkRunner.SUCCESS, BenchmarkRunner.ERROR}) {
            b.append(String.format(Locale.ROOT, "      %-8s", bench + ":"));
            for (String config : JvmConfigurations.CONFIGS) {
                JmhRuns.Row one = find(rows, bench, config, 1);
                JmhRuns.Row two = find(rows, bench, config, 2);
                if (one == null || two == null) {
                    continue;
                }
                double ratio = 2 * one.score() / two.score();
                b.append(String.format(Locale.ROOT, "  %s %.2f", config, ratio));
                if (config.equals(JvmConfigurations.AGENT)) {
                    b.append(ratio >= SCALING_TARGET ? " (MET)" : " (NOT MET)");
                }
            }
            b.append('\n');
        }

        b.append("(f) OpenTelemetry's added cost / telemetry-agent's added cost, 1 thread; target >= "
                + OTEL_RATIO_TARGET + ":\n");
        for (String bench : new String[]{BenchmarkRunner.SUCCESS, BenchmarkRunner.ERROR}) {
            Diff agent = added(rows, bench, JvmConfigurations.AGENT, 1);
            Diff otel = added(rows, bench, JvmConfigurations.OTEL, 1);
            if (agent == null || otel == null) {
                continue;
            }
            String ratio;
            if (agent.value <= 0) {
                ratio = "n/a (the agent's added cost is not above zero)";
            } else {
                double r = otel.value / agent.value;
                ratio = String.format(Locale.ROOT, "%.1f (%s / %s ns) -> %s", r, fmt(otel.value), fmt(agent.value),
                        r >= OTEL_RATIO_TARGET ? "MET" : "NOT MET");
            }
            b.append(String.format(Locale.ROOT, "      %-8s %s%n", bench + ":", ratio));
        }

        b.append("Sanity: an instrumented fork should be measurably slower than plain (added > error):\n");
        for (String config : new String[]{JvmConfigurations.AGENT, JvmConfigurations.OTEL}) {
            b.append(String.format(Locale.ROOT, "      %-16s", config + ":"));
            for (String bench : new String[]{BenchmarkRunner.SUCCESS, BenchmarkRunner.ERROR}) {
                for (int t : BenchmarkRunner.THREADS) {
                    Diff d = added(rows, bench, config, t);
                    if (d != null) {
                        b.append(String.format(Locale.ROOT, "  %s/%dt %s", bench, t, d.above() ? "yes" : Double.isNaN(d.error) ? (d.value > 0 ? "yes (no interval)" : "NO") : "NO"));
                    }
                }
            }
            b.append('\n');
        }
        b.append(rule);
        return b.toString();
    }

    record Diff(double value, double error) {
        @Override
        public String toString() {
            return (value >= 0 ? "+" : "") + fmt(value) + " ± " + fmt(error);
        }

        boolean above() {
            return !Double.isNaN(error) && value > error;
        }
    }

    static Diff added(List<JmhRuns.Row> rows, String bench, String config, int threads) {
        JmhRuns.Row plain = find(rows, bench, JvmConfigurations.PLAIN, threads);
        JmhRuns.Row inst = find(rows, bench, config, threads);
        if (plain == null || inst == null) {
            return null;
        }
        // NaN (JMH gives no interval for fewer than 3 iterations) stays NaN and prints as n/a.
        return new Diff(inst.score() - plain.score(), Math.hypot(inst.error(), plain.error()));
    }

    static JmhRuns.Row find(List<JmhRuns.Row> rows, String bench, String config, int threads) {
        for (JmhRuns.Row r : rows) {
            if (r.benchmark().equals(bench) && r.config().equals(config) && r.threads() == threads) {
                return r;
            }
        }
        return null;
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.1f" : "%.2f", d);
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }

    static String jmhVersion() {
        return org.openjdk.jmh.util.Version.getPlainVersion();
    }
}
