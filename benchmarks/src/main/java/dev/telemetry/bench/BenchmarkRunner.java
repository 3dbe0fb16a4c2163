package dev.telemetry.bench;

import org.openjdk.jmh.profile.GCProfiler;
import picocli.CommandLine;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@link DispatchBenchmark} in one go: {plain, telemetry-agent, opentelemetry} x {1, 2 threads}
 * for {@code success} and {@code error}, plus {@code nanoTimeFloor} once (plain, 1 thread), all with
 * the GC profiler; then prints a table of the scores and the figures derived from them, and writes
 * the same table to {@code <outDir>/benchmark-results.txt}.
 *
 * <p>Settings are {@link BenchSettings}: options ({@code --quick}) or their system properties given to the
 * JVM ({@code java -Dbench.quick=true -jar ...}); {@code --help} lists them.
 */
public final class BenchmarkRunner {
    static final String PLAIN = "plain";
    static final String AGENT = "telemetry-agent";
    static final String OTEL = "opentelemetry";
    static final String[] CONFIGS = {PLAIN, AGENT, OTEL};
    static final int[] THREADS = {1, 2};
    static final String SUCCESS = "success";
    static final String ERROR = "error";
    static final String FLOOR = "nanoTimeFloor";

    /** The same for every fork, so the configurations differ only in their agent. */
    static final String[] COMMON_JVM_ARGS = {"-Xms1g", "-Xmx1g"};

    static final double FLOOR_MARGIN_NS = 25.0;
    static final double SCALING_TARGET = 1.7;
    static final double OTEL_RATIO_TARGET = 10.0;
    /** Below this, B/op is "no allocation per call": the smallest object is 16 bytes. */
    static final double ZERO_ALLOC_THRESHOLD = 0.5;

    private BenchmarkRunner() {}

    // ---------------------------------------------------------------- configurations

    static Map<String, List<String>> configurations(BenchSettings s, Path stateDir) {
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put(PLAIN, List.of());
        configs.put(AGENT, List.of("-javaagent:" + s.agentJar() + "=" + agentOptions(stateDir, "warn")));
        List<String> otel = new ArrayList<>();
        otel.add("-javaagent:" + s.otelJar());
        otel.addAll(otelProperties("none"));
        otel.add("-Dotel.javaagent.logging=none");
        configs.put(OTEL, List.copyOf(otel));
        return configs;
    }

    static String agentOptions(Path stateDir, String logLevel) {
        return "telemetry=enable,profile=generic,dispatch=" + Dispatcher.class.getName() + "#handle"
                + ",state-dir=" + stateDir + ",log-level=" + logLevel;
    }

    static List<String> otelProperties(String tracesExporter) {
        return List.of(
                "-Dotel.instrumentation.methods.include=" + Dispatcher.class.getName() + "[handle]",
                "-Dotel.service.name=dispatch-benchmark",
                "-Dotel.traces.exporter=" + tracesExporter,
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none");
    }

    // ---------------------------------------------------------------- main

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new Command(), args));
    }

    @CommandLine.Command(name = "java -jar benchmarks/target/benchmarks.jar",
            description = "The dispatch benchmark: plain, telemetry-agent and opentelemetry, 1 and 2 threads; run from"
                    + " the repository root (benchmarks/run.sh builds what is missing).")
    static final class Command implements Callable<Integer> {
        @CommandLine.Mixin
        BenchCli.Help help;

        @CommandLine.Mixin
        BenchSettings settings;

        @Override
        public Integer call() throws Exception {
            return run(settings);
        }
    }

    static int run(BenchSettings s) throws Exception {
        if (!present(s.agentJar(), "the telemetry agent jar (build it: mvn -q -B -pl agent package -DskipTests; or give --agent-jar)")
                || !present(s.otelJar(), "the OpenTelemetry javaagent jar (built by the benchmarks module; or give --otel-jar)")) {
            return 2;
        }
        Path stateDir = s.outDir().resolve("telemetry-state");
        Files.createDirectories(stateDir);
        if (stateDir.toString().contains(",")) {
            throw new IllegalArgumentException("the state directory may not contain ',' (agent option separator): " + stateDir);
        }

        long started = System.nanoTime();
        Map<String, List<String>> configs = configurations(s, stateDir);

        List<String> checks = new ArrayList<>();
        if (s.verify()) {
            checks.add(checkTelemetryAgent(s));
            checks.add(checkOpenTelemetry(s));
            checks.forEach(c -> System.out.println("[bench] " + c));
        } else {
            checks.add("skipped (--no-verify)");
        }

        List<Row> rows = new ArrayList<>();
        rows.addAll(run(s, FLOOR, PLAIN, List.of(), 1));
        for (int threads : THREADS) {
            for (String config : CONFIGS) {
                rows.addAll(run(s, SUCCESS + "|" + ERROR, config, configs.get(config), threads));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        String table = Report.table(rows, checks, s, configs, took);
        System.out.println();
        System.out.print(table);
        Files.createDirectories(s.outDir());
        Path results = s.outDir().resolve("benchmark-results.txt");
        Files.writeString(results, table, StandardCharsets.UTF_8);
        System.out.println("written to " + results);
        return 0;
    }

    private static boolean present(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            System.err.println("missing " + file + ": " + what);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- JMH

    /** One measured cell of the table. */
    record Row(String benchmark, String config, int threads, double score, double error, double allocNorm) {}

    static List<Row> run(BenchSettings s, String benchmarks, String config, List<String> jvmArgs, int threads)
            throws RunnerException {
        System.out.println();
        System.out.println("[bench] " + benchmarks.replace("|", ", ") + " / " + config + " / " + threads + " thread(s)");
        Collection<RunResult> results = new Runner(options(s, DispatchBenchmark.class, benchmarks, threads, jvmArgs)).run();
        List<Row> rows = new ArrayList<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            rows.add(new Row(shortName, config, threads, primary.getScore(), primary.getScoreError(),
                    alloc == null ? Double.NaN : alloc.getScore()));
        }
        return rows;
    }

    /** The JMH options every run of this module shares: the settings, the common JVM arguments, the GC profiler. */
    static Options options(BenchSettings s, Class<?> benchmarkClass, String benchmarks, int threads, List<String> jvmArgs) {
        return new OptionsBuilder()
                .include("^" + Pattern.quote(benchmarkClass.getName() + ".") + "(" + benchmarks + ")$")
                .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
                .timeUnit(TimeUnit.NANOSECONDS)
                .forks(s.forks())
                .warmupIterations(s.warmupIterations())
                .warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                .measurementIterations(s.measurementIterations())
                .measurementTime(TimeValue.milliseconds(s.measurementMillis()))
                .threads(threads)
                .jvmArgs(COMMON_JVM_ARGS)
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
    }

    // ---------------------------------------------------------------- instrumentation checks

    private static final Pattern COMMAND_COUNTS =
            Pattern.compile("\"(find|fail)\":\\{\"count\":(\\d+),\"failures\":(\\d+)");

    /** Our agent, at debug level, in a separate JVM: did it say it instrumented Dispatcher, and count the calls? */
    static String checkTelemetryAgent(BenchSettings s) throws IOException, InterruptedException {
        Path stateDir = s.outDir().resolve("telemetry-state-check");
        Files.createDirectories(stateDir);
        String out = java(List.of("-javaagent:" + s.agentJar() + "=" + agentOptions(stateDir, "debug") + ",start-delay=0s"),
                "telemetry-agent");
        boolean said = out.contains("instrumented " + Dispatcher.class.getName());
        long find = -1;
        long failFailures = -1;
        Matcher m = COMMAND_COUNTS.matcher(out);
        while (m.find()) {
            if (m.group(1).equals("find")) {
                find = Long.parseLong(m.group(2));
            } else {
                failFailures = Long.parseLong(m.group(3));
            }
        }
        boolean ok = said && find == InstrumentationCheck.FIND_CALLS && failFailures == InstrumentationCheck.FAIL_CALLS;
        String verdict = String.format(Locale.ROOT,
                "%s: %s (debug log \"instrumented %s\": %s; JMX metrics: find count=%d of %d, fail failures=%d of %d)",
                AGENT, ok ? "instruments Dispatcher.handle" : "CHECK FAILED", Dispatcher.class.getSimpleName(),
                said ? "yes" : "no", find, InstrumentationCheck.FIND_CALLS, failFailures, InstrumentationCheck.FAIL_CALLS);
        if (!ok) {
            System.err.println("[bench] telemetry-agent check output:\n" + out);
        }
        return verdict;
    }

    /** The OpenTelemetry agent with the console exporter, in a separate JVM: one span per call? */
    static String checkOpenTelemetry(BenchSettings s) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add("-javaagent:" + s.otelJar());
        args.addAll(otelProperties("console"));
        String out = java(args, OTEL);
        int spans = 0;
        for (String line : out.split("\\R")) {
            if (line.contains("'" + Dispatcher.class.getSimpleName() + ".handle'")) {
                spans++;
            }
        }
        int calls = InstrumentationCheck.FIND_CALLS + InstrumentationCheck.FAIL_CALLS;
        boolean ok = spans == calls;
        if (!ok) {
            System.err.println("[bench] opentelemetry check output (last 4000 chars):\n"
                    + out.substring(Math.max(0, out.length() - 4000)));
        }
        return String.format(Locale.ROOT,
                "%s: %s (console exporter: %d spans named '%s.handle' for %d calls, %d of them failing)",
                OTEL, ok ? "instruments Dispatcher.handle" : "CHECK FAILED", spans, Dispatcher.class.getSimpleName(),
                calls, InstrumentationCheck.FAIL_CALLS);
    }

    private static String java(List<String> jvmArgs, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(InstrumentationCheck.class.getName());
        cmd.add(mode);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        reader.join(10_000);
        return buf.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- the table

    static final class Report {
        private Report() {}

        static String table(List<Row> rows, List<String> checks, BenchSettings s, Map<String, List<String>> configs,
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
            b.append("fork JVM args (all): ").append(String.join(" ", COMMON_JVM_ARGS)).append('\n');
            for (Map.Entry<String, List<String>> e : configs.entrySet()) {
                b.append(String.format(Locale.ROOT, "  %-16s %s%n", e.getKey(),
                        e.getValue().isEmpty() ? "(no agent)" : String.join(" ", e.getValue())));
            }
            b.append(rule);

            b.append(String.format(Locale.ROOT, "%-14s %-16s %7s %12s %10s %10s%n",
                    "benchmark", "config", "threads", "ns/op", "error", "B/op"));
            for (Row r : rows) {
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
            Row floor = find(rows, FLOOR, PLAIN, 1);

            b.append("(a) added cost per call vs plain (instrumented - plain), 1 thread:\n");
            for (String bench : new String[]{SUCCESS, ERROR}) {
                b.append(String.format(Locale.ROOT, "      %-8s", bench + ":"));
                for (String config : new String[]{AGENT, OTEL}) {
                    Diff d = added(rows, bench, config, 1);
                    b.append(String.format(Locale.ROOT, "  %s %s ns", config, d));
                }
                b.append('\n');
            }

            b.append(String.format(Locale.ROOT, "(b) floor (nanoTimeFloor: two System.nanoTime() calls, plain, 1 thread): %s ns%n",
                    floor == null ? "n/a" : fmt(floor.score()) + " ± " + fmt(floor.error())));

            Diff agentSuccess = added(rows, SUCCESS, AGENT, 1);
            if (floor != null && agentSuccess != null) {
                double limit = floor.score() + FLOOR_MARGIN_NS;
                b.append(String.format(Locale.ROOT,
                        "(c) telemetry-agent success path: added %s ns vs limit floor + %.0f = %s ns -> %s%n",
                        agentSuccess, FLOOR_MARGIN_NS, fmt(limit), agentSuccess.value <= limit ? "MET" : "NOT MET"));
            }

            b.append("(d) telemetry-agent success path allocation (target 0 B/op, i.e. < " + ZERO_ALLOC_THRESHOLD + "):");
            boolean allZero = true;
            for (int t : THREADS) {
                Row r = find(rows, SUCCESS, AGENT, t);
                if (r != null) {
                    b.append(String.format(Locale.ROOT, "  %d thread(s) %.3f B/op", t, r.allocNorm()));
                    allZero &= r.allocNorm() < ZERO_ALLOC_THRESHOLD;
                }
            }
            b.append(" -> ").append(allZero ? "MET" : "NOT MET").append('\n');
            Row agentErr = find(rows, ERROR, AGENT, 1);
            Row plainErr = find(rows, ERROR, PLAIN, 1);
            if (agentErr != null && plainErr != null) {
                b.append(String.format(Locale.ROOT, "      (for reference, error path 1 thread: plain %.3f B/op, telemetry-agent %.3f B/op)%n",
                        plainErr.allocNorm(), agentErr.allocNorm()));
            }

            b.append("(e) 2-thread scaling, throughput ratio 2 x (1-thread ns/op) / (2-thread ns/op); target >= "
                    + SCALING_TARGET + " for telemetry-agent:\n");
            for (String bench : new String[]{SUCCESS, ERROR}) {
                b.append(String.format(Locale.ROOT, "      %-8s", bench + ":"));
                for (String config : CONFIGS) {
                    Row one = find(rows, bench, config, 1);
                    Row two = find(rows, bench, config, 2);
                    if (one == null || two == null) {
                        continue;
                    }
                    double ratio = 2 * one.score() / two.score();
                    b.append(String.format(Locale.ROOT, "  %s %.2f", config, ratio));
                    if (config.equals(AGENT)) {
                        b.append(ratio >= SCALING_TARGET ? " (MET)" : " (NOT MET)");
                    }
                }
                b.append('\n');
            }

            b.append("(f) OpenTelemetry's added cost / telemetry-agent's added cost, 1 thread; target >= "
                    + OTEL_RATIO_TARGET + ":\n");
            for (String bench : new String[]{SUCCESS, ERROR}) {
                Diff agent = added(rows, bench, AGENT, 1);
                Diff otel = added(rows, bench, OTEL, 1);
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
            for (String config : new String[]{AGENT, OTEL}) {
                b.append(String.format(Locale.ROOT, "      %-16s", config + ":"));
                for (String bench : new String[]{SUCCESS, ERROR}) {
                    for (int t : THREADS) {
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

        static Diff added(List<Row> rows, String bench, String config, int threads) {
            Row plain = find(rows, bench, PLAIN, threads);
            Row inst = find(rows, bench, config, threads);
            if (plain == null || inst == null) {
                return null;
            }
            // NaN (JMH gives no interval for fewer than 3 iterations) stays NaN and prints as n/a.
            return new Diff(inst.score() - plain.score(), Math.hypot(inst.error(), plain.error()));
        }

        static Row find(List<Row> rows, String bench, String config, int threads) {
            for (Row r : rows) {
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
}
