package dev.telemetry.bench;

import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs {@link PathBenchmark} plain and with the agent (a profile file with its three hooks) in one
 * go, 1 thread, with the GC profiler, and prints what each shape adds per call and what a two-step
 * path and a reply site add over the argument case. Settings are the {@link BenchSettings} the
 * dispatch benchmark takes ({@code --quick}, {@code --forks}, iterations); the table also goes to
 * {@code <outDir>/path-benchmark-results.txt}.
 */
public final class PathBenchmarkRunner {
    static final String[] BENCHMARKS = {"argument", "twoStepPath", "replySite"};
    static final double PATH_LIMIT_NS = 10.0;

    private PathBenchmarkRunner() {}

    static String profile() {
        String server = RequestServer.class.getName();
        return String.join("\n",
                "name = path-benchmark",
                "hook.argument.target = " + Dispatcher.class.getName() + "#handle",
                "hook.argument.command = arg0",
                "hook.path.target = " + server + "#handle",
                "hook.path.command = arg0.header().command()",
                "hook.reply.target = " + server + "#handleWithReply",
                "hook.reply.command = arg0",
                "hook.reply.reply = " + server + "$Session#write",
                "hook.reply.reply-code = arg0.getCode()",
                "hook.reply.fail-when = >= 400",
                "");
    }

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new Command(), args));
    }

    @CommandLine.Command(name = "benchmarks/profile-paths.sh",
            description = "The profile language's per-call cost: the argument case, a two-step path and a reply site,"
                    + " plain and with the agent, 1 thread.")
    static final class Command implements Callable<Integer> {
        @CommandLine.Mixin
        BenchSettings settings; // with --help

        @Override
        public Integer call() throws Exception {
            run(settings);
            return 0;
        }
    }

    static void run(BenchSettings s) throws Exception {
        Path state = s.outDir().resolve("path-benchmark-state");
        Files.createDirectories(state);
        Path profile = s.outDir().resolve("path-benchmark.profile");
        Files.writeString(profile, profile(), StandardCharsets.UTF_8);
        String agent = "-javaagent:" + s.agentJar() + "=telemetry=enable,profile=path-benchmark,profile-file=" + profile
                + ",state-dir=" + state + ",log-level=warn";
        List<JmhRuns.Row> rows = new ArrayList<>();
        rows.addAll(JmhRuns.run(s, PathBenchmark.class, String.join("|", BENCHMARKS), JvmConfigurations.PLAIN, List.of(), 1));
        rows.addAll(JmhRuns.run(s, PathBenchmark.class, String.join("|", BENCHMARKS), JvmConfigurations.AGENT, List.of(agent), 1));

        StringBuilder b = new StringBuilder();
        String rule = "=".repeat(88) + "\n";
        b.append(rule).append("Profile paths: what each shape of hook costs per call (JMH AverageTime, 1 thread)\n");
        b.append(String.format(Locale.ROOT, "JVM %s, %d CPUs, %s; run %s%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), s.describe(),
                ZonedDateTime.now().withNano(0)));
        b.append("agent: ").append(agent).append('\n').append(rule);
        b.append(String.format(Locale.ROOT, "%-12s %-16s %10s %10s %8s%n", "benchmark", "config", "ns/op", "error", "B/op"));
        for (JmhRuns.Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-12s %-16s %10.2f %10s %8.3f%n", r.benchmark(), r.config(), r.score(),
                    "± " + ResultsTable.fmt(r.error()), r.allocNorm()));
        }
        b.append(rule);
        double[] added = new double[BENCHMARKS.length];
        double[] err = new double[BENCHMARKS.length];
        for (int i = 0; i < BENCHMARKS.length; i++) {
            JmhRuns.Row plain = find(rows, BENCHMARKS[i], JvmConfigurations.PLAIN);
            JmhRuns.Row inst = find(rows, BENCHMARKS[i], JvmConfigurations.AGENT);
            added[i] = inst.score() - plain.score();
            err[i] = Math.hypot(inst.error(), plain.error());
            b.append(String.format(Locale.ROOT, "added by the agent, %-12s %+8.2f ± %s ns, %.3f B/op%n", BENCHMARKS[i] + ":",
                    added[i], ResultsTable.fmt(err[i]), inst.allocNorm()));
        }
        double path = added[1] - added[0];
        double reply = added[2] - added[0];
        b.append(String.format(Locale.ROOT, "two-step path over the argument case: %+.2f ± %s ns (limit %.0f ns) -> %s%n", path,
                ResultsTable.fmt(Math.hypot(err[1], err[0])), PATH_LIMIT_NS, path <= PATH_LIMIT_NS ? "MET" : "NOT MET"));
        b.append(String.format(Locale.ROOT, "reply site over the argument case:    %+.2f ± %s ns%n", reply,
                ResultsTable.fmt(Math.hypot(err[2], err[0]))));
        JmhRuns.Row pathAlloc = find(rows, "twoStepPath", JvmConfigurations.AGENT);
        b.append(String.format(Locale.ROOT, "two-step path allocation: %.3f B/op -> %s%n", pathAlloc.allocNorm(),
                pathAlloc.allocNorm() < ResultsTable.ZERO_ALLOC_THRESHOLD ? "MET (0 B/op)" : "NOT MET"));
        b.append(rule);
        System.out.print(b);
        Files.writeString(s.outDir().resolve("path-benchmark-results.txt"), b.toString(), StandardCharsets.UTF_8);
    }

    static JmhRuns.Row find(List<JmhRuns.Row> rows, String benchmark, String config) {
        for (JmhRuns.Row r : rows) {
            if (r.benchmark().equals(benchmark) && r.config().equals(config)) {
                return r;
            }
        }
        throw new IllegalStateException("no result for " + benchmark + " / " + config);
    }
}
