package dev.telemetry.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The JMH settings {@link BenchmarkRunner} and {@link PathBenchmarkRunner} share (a picocli mixin).
 * Paths are relative to the working directory, the repository root; each option's default can be
 * set with its {@code -Dbench.*} system property ({@link BenchCli}).
 */
public final class BenchSettings {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = "--quick", description = "1 warmup + 2 measurement iterations of 500 ms: a smoke test, not figures to quote"
            + " (-Dbench.quick=true)")
    boolean quick;

    @Option(names = "--forks", defaultValue = "1", paramLabel = "N", converter = BenchCli.Positive.class,
            description = "forks per benchmark (-Dbench.forks); default ${DEFAULT-VALUE}")
    int forks;

    @Option(names = "--warmup-iterations", paramLabel = "N", converter = BenchCli.Positive.class,
            description = "(-Dbench.warmupIterations); default 10, with --quick 1")
    Integer warmupIterations;

    @Option(names = "--warmup-millis", paramLabel = "MS", converter = BenchCli.Positive.class,
            description = "(-Dbench.warmupMillis); default 1000, with --quick 500")
    Integer warmupMillis;

    @Option(names = "--measurement-iterations", paramLabel = "N", converter = BenchCli.Positive.class,
            description = "(-Dbench.measurementIterations); default 5, with --quick 2")
    Integer measurementIterations;

    @Option(names = "--measurement-millis", paramLabel = "MS", converter = BenchCli.Positive.class,
            description = "(-Dbench.measurementMillis); default 1000, with --quick 500")
    Integer measurementMillis;

    @Option(names = "--verify", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "first check, in separate JVMs, that both agents instrument Dispatcher.handle"
                    + " (-Dbench.verify=false to skip); default ${DEFAULT-VALUE}")
    boolean verify;

    @Option(names = "--out-dir", defaultValue = "benchmarks/target", paramLabel = "DIR",
            description = "the results files and the agent's state-dir (-Dbench.outDir); default ${DEFAULT-VALUE}")
    Path outDir;

    @Option(names = "--agent-jar", defaultValue = "agent/target/telemetry.jar", paramLabel = "JAR",
            description = "(-Dbench.agentJar); default ${DEFAULT-VALUE}")
    Path agentJar;

    @Option(names = "--otel-jar", defaultValue = "benchmarks/target/agents/opentelemetry-javaagent.jar", paramLabel = "JAR",
            description = "(-Dbench.otelJar); default ${DEFAULT-VALUE}")
    Path otelJar;

    int forks() {
        return forks;
    }

    int warmupIterations() {
        return warmupIterations != null ? warmupIterations : quick ? 1 : 10;
    }

    int warmupMillis() {
        return warmupMillis != null ? warmupMillis : quick ? 500 : 1000;
    }

    int measurementIterations() {
        return measurementIterations != null ? measurementIterations : quick ? 2 : 5;
    }

    int measurementMillis() {
        return measurementMillis != null ? measurementMillis : quick ? 500 : 1000;
    }

    boolean verify() {
        return verify;
    }

    Path outDir() {
        return outDir.toAbsolutePath().normalize();
    }

    Path agentJar() {
        return agentJar.toAbsolutePath().normalize();
    }

    Path otelJar() {
        return otelJar.toAbsolutePath().normalize();
    }

    String describe() {
        return String.format(Locale.ROOT, "%d fork(s), warmup %d x %d ms, measurement %d x %d ms%s",
                forks(), warmupIterations(), warmupMillis(), measurementIterations(), measurementMillis(),
                quick ? " (--quick: a smoke test, not figures to quote)" : "");
    }
}
