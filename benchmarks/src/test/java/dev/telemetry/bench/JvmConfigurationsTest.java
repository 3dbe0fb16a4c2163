package dev.telemetry.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JvmConfigurationsTest {
    @Test
    void theThreeConfigurationsDifferOnlyInTheirAgent() {
        BenchmarkRunner.Command c = new BenchmarkRunner.Command();
        BenchCli.commandLine(c).parseArgs("--agent-jar", "/a/telemetry.jar", "--otel-jar", "/o/otel.jar");
        Map<String, List<String>> configs = JvmConfigurations.configurations(c.settings, Path.of("/s"));
        assertThat(configs).containsOnlyKeys("plain", "telemetry-agent", "opentelemetry");
        assertThat(configs.get("plain")).isEmpty();
        assertThat(configs.get("telemetry-agent")).containsExactly("-javaagent:/a/telemetry.jar=telemetry=enable,profile=generic,"
                + "dispatch=dev.telemetry.bench.Dispatcher#handle,state-dir=/s,log-level=warn");
        assertThat(configs.get("opentelemetry")).startsWith("-javaagent:/o/otel.jar")
                .contains("-Dotel.instrumentation.methods.include=dev.telemetry.bench.Dispatcher[handle]", "-Dotel.traces.exporter=none");
    }
}
