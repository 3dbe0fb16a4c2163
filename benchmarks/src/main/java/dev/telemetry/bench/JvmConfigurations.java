package dev.telemetry.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVMs the dispatch benchmark compares, by name: no agent, this agent (generic profile on
 * {@link Dispatcher#handle}) and the OpenTelemetry Java agent timing the same method, each with the
 * same {@link #COMMON_JVM_ARGS}.
 */
final class JvmConfigurations {
    static final String PLAIN = "plain";
    static final String AGENT = "telemetry-agent";
    static final String OTEL = "opentelemetry";
    static final String[] CONFIGS = {PLAIN, AGENT, OTEL};

    /** The same for every fork, so the configurations differ only in their agent. */
    static final String[] COMMON_JVM_ARGS = {"-Xms1g", "-Xmx1g"};

    private JvmConfigurations() {}

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
}
