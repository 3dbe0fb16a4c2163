package dev.telemetry.agent.surface;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.report.MetricsJson;
import dev.telemetry.agent.state.Resolution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one status object: state, what decided it, profile facts and metrics, as JMX shows them. */
public final class AgentStatus implements TelemetryAgentMXBean {
    private final Resolution resolution;
    private final Metrics metrics;
    private final List<Profile> profiles;

    public AgentStatus(Resolution resolution, Metrics metrics, List<Profile> profiles) {
        this.resolution = resolution;
        this.metrics = metrics;
        this.profiles = profiles;
    }

    @Override public String getAgentVersion() { return AgentVersion.get(); }
    @Override public String getState() { return resolution.state().word(); }
    @Override public boolean isLocked() { return resolution.locked(); }
    @Override public String getDecidedBy() { return resolution.decidedBy(); }
    @Override public String getUuid() { return resolution.uuid() == null ? "" : resolution.uuid().toString(); }
    @Override public String getStateFile() { return resolution.stateFile() == null ? "" : resolution.stateFile(); }

    @Override
    public String getProfile() {
        for (Profile p : profiles) {
            if (p.active()) {
                return p.name();
            }
        }
        return "none";
    }

    @Override
    public Map<String, String> getProfileFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        for (Profile p : profiles) {
            if (p.active()) {
                facts.putAll(p.facts());
            }
        }
        return facts;
    }

    @Override
    public String[] getStartupWarnings() {
        List<String> lines = new ArrayList<>(resolution.errors());
        lines.addAll(resolution.warnings());
        return lines.toArray(new String[0]);
    }

    @Override
    public String getMetricsJson() {
        return MetricsJson.toJson(metrics.snapshot());
    }
}
