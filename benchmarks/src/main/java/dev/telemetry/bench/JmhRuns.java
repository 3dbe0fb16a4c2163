package dev.telemetry.bench;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** JMH runs as every benchmark of this module makes them: AverageTime in ns, the settings, the GC profiler. */
final class JmhRuns {
    private JmhRuns() {}

    /** One measured cell of the table. */
    record Row(String benchmark, String config, int threads, double score, double error, double allocNorm) {}

    /** Runs the benchmarks (names joined by {@code |}) of {@code benchmarkClass} in forks with {@code jvmArgs}: one row each. */
    static List<Row> run(BenchSettings s, Class<?> benchmarkClass, String benchmarks, String config, List<String> jvmArgs,
                         int threads) throws RunnerException {
        Collection<RunResult> results = new Runner(options(s, benchmarkClass, benchmarks, threads, jvmArgs)).run();
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
                .jvmArgs(JvmConfigurations.COMMON_JVM_ARGS)
                .jvmArgsAppend(jvmArgs.toArray(new String[0]))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build();
    }
}
