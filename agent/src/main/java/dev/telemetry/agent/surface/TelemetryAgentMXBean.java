package dev.telemetry.agent.surface;

/**
 * What the agent shows over JMX, under {@code dev.telemetry:type=Agent}. The CLI reads it from a
 * running JVM; see README.md "JMX".
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
    java.util.Map<String, String> getProfileFacts();

    String[] getStartupWarnings();

    /** The cumulative metrics as JSON (README.md "Metrics"). */
    String getMetricsJson();
}
