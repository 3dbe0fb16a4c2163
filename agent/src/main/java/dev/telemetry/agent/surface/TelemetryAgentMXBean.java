package dev.telemetry.agent.surface;

import java.util.Map;

/**
 * What the agent shows over JMX, under {@code dev.telemetry:type=Agent}. The CLI reads it from a
 * running JVM; see docs/agent.md, "JMX and the CLI".
 */
public interface TelemetryAgentMXBean {
    String OBJECT_NAME = "dev.telemetry:type=Agent";

    String getAgentVersion();

    /** enabled, disabled or undecided. */
    String getState();

    boolean isLocked();

    /** What decided the state, as in the startup line. */
    String getDecidedBy();

    String getUuid();

    String getStateFile();

    /** The profile whose classes appeared (mongo-java-server, generic), or none. */
    String getProfile();

    /** Facts of the profile, e.g. backend=memory, server_version=1.47.0. */
    Map<String, String> getProfileFacts();

    /** Errors and warnings from startup, and the version notice. */
    String[] getStartupWarnings();

    /** Why the profile in use was chosen: where it was found and what selected it. */
    String getProfileReason();

    /** Per described hook: classes instrumented, calls, unknown by reason, replies, commands, problems. */
    String[] getHooks();

    String getLatestVersion();

    String getUpdateInfo();

    boolean isUpdateAvailable();

    /** True when the last reply said the update fixes a security problem. */
    boolean isSecurityUpdate();

    /** The one notice shown among the startup warnings (undecided, or the version notice), or empty. */
    String getNotice();

    /** {@code warning}, or {@code error} for a security update; empty when there is no notice. */
    String getNoticeSeverity();

    /** ISO-8601, or empty. */
    String getLastReportTime();

    /** ISO-8601, or empty when none is planned (disabled). */
    String getNextReportTime();

    String getLastResult();

    /** Where reports go, or "dry run". */
    String getDestination();

    /** The exact JSON of the next report. */
    String getNextReportJson();

    /** The cumulative metrics as JSON (the report's metrics part). */
    String getMetricsJson();

    /** Enables telemetry and saves the choice; refused (IllegalStateException) when locked. */
    String enable();

    /** Disables telemetry and saves the choice; refused (IllegalStateException) when locked. */
    String disable();
}
