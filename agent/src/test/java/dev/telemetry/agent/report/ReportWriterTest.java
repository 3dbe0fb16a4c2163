package dev.telemetry.agent.report;

import dev.telemetry.agent.it.Json;
import dev.telemetry.agent.metrics.CommandCell;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.contract.LatencyBuckets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportWriterTest {

    private static ReportInput input(Metrics m) {
        ReportInput in = new ReportInput();
        in.uuid = "5c1f3f3e-8d3a-4c45-9a57-3b2f1c0d9e1a";
        in.runId = "0d6f4b8e-2f1a-4b7e-8c3d-6a9e5f4d3c2b";
        in.sequence = 1;
        in.appName = "x".repeat(64);
        in.appVersion = "1.0.0";
        in.backend = "memory";
        in.installationType = "unknown";
        in.buildTags = List.of("a", "b");
        in.agentVersion = "0.1.0";
        in.profile = "generic";
        in.javaVersion = "17";
        in.javaVendor = "v";
        in.os = "Linux";
        in.arch = "amd64";
        in.uptimeSeconds = 5;
        in.telemetry = "enabled";
        in.metrics = m.snapshot();
        return in;
    }

    private static String name(String prefix, int i) {
        String s = prefix + i;
        return s + "_".repeat(64 - s.length());
    }

    @Test
    @SuppressWarnings("unchecked")
    void staysUnder64KiBAtTheCapsWithTheLongestNames() throws Exception {
        Metrics m = new Metrics(256, 1024);
        for (int i = 0; i < 300; i++) {
            CommandCell cell = m.command(name("c", i));
            for (int b = 0; b < LatencyBuckets.COUNT; b++) {
                m.recordOk(cell, b == 0 ? 0 : (1000L << (b - 1)));
            }
        }
        for (int i = 0; i < 1100; i++) {
            m.recordError(m.command(name("c", i % 256)), 1, "$" + name("o", i).substring(1), name("E", i), 100000 + i);
        }
        byte[] report = ReportWriter.write(input(m));
        assertThat(report.length).isLessThan(ReportWriter.MAX_BYTES);
        Map<String, Object> json = Json.object(new String(report, java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> dropped = (Map<String, Object>) json.get("dropped");
        long writtenCommands = ((Map<String, Object>) json.get("commands")).size();
        long writtenResults = ((List<Object>) json.get("results")).size();
        assertThat(writtenCommands + (Long) dropped.get("omitted_commands")).isEqualTo(257); // 256 and other
        assertThat((Long) dropped.get("omitted_results")).isPositive();
        assertThat(writtenResults + (Long) dropped.get("omitted_results")).isEqualTo(m.snapshot().results().size());
        // the 44 names past the cap, one dispatch a bucket each, went to "other"
        assertThat(dropped.get("commands")).isEqualTo(44L * LatencyBuckets.COUNT);
        assertThat(dropped.get("results")).isEqualTo(1100L - 1024);
    }

    @Test
    void aSmallReportIsWrittenWhole() throws Exception {
        Metrics m = new Metrics(10, 10);
        m.recordOk(m.command("find"), 1500);
        String json = new String(ReportWriter.write(input(m)), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"find\":{\"count\":1,\"failures\":0,\"total_us\":1,\"histogram\":[0,1]}")
                .contains("\"omitted_commands\":0,\"omitted_results\":0");
    }
}
