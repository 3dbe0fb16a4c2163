package dev.telemetry.bench;

import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs {@link DispatchBenchmark} in one go: {plain, telemetry-agent, opentelemetry} x {1, 2 threads}
 * for {@code success} and {@code error}, plus {@code nanoTimeFloor} once (plain, 1 thread), all with
 * the GC profiler; then prints a table of the scores and the figures derived from them, and writes
 * the same table to {@code <outDir>/benchmark-results.txt}. The parts: {@link BenchSettings} (the
 * command line), {@link JvmConfigurations}, {@link InstrumentationChecks}, {@link JmhRuns} and
 * {@link ResultsTable}.
 *
 * <p>Settings are options ({@code --quick}) or their system properties given to the JVM
 * ({@code java -Dbench.quick=true -jar ...}); {@code --help} lists them.
 */
public final class BenchmarkRunner {
    static final int[] THREADS = {1, 2};
    static final String SUCCESS = "success";
    static final String ERROR = "error";
    static final String FLOOR = "nanoTimeFloor";

    private BenchmarkRunner() {}

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new Command(), args));
    }

    @CommandLine.Command(name = "java -jar benchmarks/target/benchmarks.jar",
            description = "The dispatch benchmark: plain, telemetry-agent and opentelemetry, 1 and 2 threads; run from"
                    + " the repository root (benchmarks/run.sh builds what is missing).")
    static final class Command implements Callable<Integer> {
        @CommandLine.Mixin
        BenchSettings settings; // with --help

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
        Map<String, List<String>> configs = JvmConfigurations.configurations(s, stateDir);

        List<String> checks = new ArrayList<>();
        if (s.verify()) {
            checks.add(InstrumentationChecks.checkTelemetryAgent(s));
            checks.add(InstrumentationChecks.checkOpenTelemetry(s));
            checks.forEach(c -> System.out.println("[bench] " + c));
        } else {
            checks.add("skipped (--no-verify)");
        }

        List<JmhRuns.Row> rows = new ArrayList<>();
        rows.addAll(run(s, FLOOR, JvmConfigurations.PLAIN, List.of(), 1));
        for (int threads : THREADS) {
            for (String config : JvmConfigurations.CONFIGS) {
                rows.addAll(run(s, SUCCESS + "|" + ERROR, config, configs.get(config), threads));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        String table = ResultsTable.table(rows, checks, s, configs, took);
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

    /** One run of {@link DispatchBenchmark}'s {@code benchmarks} in one configuration. */
    private static List<JmhRuns.Row> run(BenchSettings s, String benchmarks, String config, List<String> jvmArgs, int threads)
            throws Exception {
        System.out.println();
        System.out.println("[bench] " + benchmarks.replace("|", ", ") + " / " + config + " / " + threads + " thread(s)");
        return JmhRuns.run(s, DispatchBenchmark.class, benchmarks, config, jvmArgs, threads);
    }
}
