package dev.telemetry.agent.report;

import dev.telemetry.agent.metrics.MetricsSnapshot;

import java.util.List;

/** Everything one report carries, gathered by {@link ReportSource}; written by {@link ReportWriter}. */
public final class ReportInput {
    public String uuid;
    public String runId;
    public long sequence;
    public String appName;
    public String appVersion;
    public String backend;
    public String installationType;
    public List<String> buildTags;
    public String agentVersion;
    public String profile;
    public String javaVersion;
    public String javaVendor;
    public String os;
    public String arch;
    public long uptimeSeconds;
    public String telemetry;
    public MetricsSnapshot metrics;
}
