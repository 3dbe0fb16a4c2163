package dev.telemetry.agent.surface;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.report.MetricsJson;
import dev.telemetry.agent.report.Notice;
import dev.telemetry.agent.report.ReportSource;
import dev.telemetry.agent.report.Reporter;
import dev.telemetry.agent.report.VersionNotice;
import dev.telemetry.agent.state.TelemetryControl;
import dev.telemetry.agent.state.TelemetryState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one status object: every surface (JMX, CLI, the profile's client commands) reads it. */
public final class AgentStatus implements TelemetryAgentMXBean {
    private final TelemetryControl control;
    private final Metrics metrics;
    private final List<Profile> profiles;
    private final VersionNotice notice;
    private final ReportSource source;
    private final String destination;
    private volatile Reporter reporter;

    public AgentStatus(TelemetryControl control, Metrics metrics, List<Profile> profiles, VersionNotice notice,
                       ReportSource source, String destination) {
        this.control = control;
        this.metrics = metrics;
        this.profiles = profiles;
        this.notice = notice;
        this.source = source;
        this.destination = destination;
    }

    public void reporter(Reporter r) {
        this.reporter = r;
    }

    @Override public String getAgentVersion() { return AgentVersion.get(); }
    @Override public String getState() { return control.state().word(); }
    @Override public boolean isLocked() { return control.locked(); }
    @Override public String getDecidedBy() { return control.decidedBy(); }
    @Override public String getUuid() { return control.uuid() == null ? "" : control.uuid().toString(); }
    @Override public String getStateFile() { return control.stateFile() == null ? "" : control.stateFile(); }
    @Override public String getLatestVersion() { return notice == null ? "" : notice.latestVersion(); }
    @Override public String getUpdateInfo() { return notice == null ? "" : notice.updateInfo(); }
    @Override public boolean isUpdateAvailable() { return notice != null && notice.updateAvailable(); }
    @Override public boolean isSecurityUpdate() { return notice != null && notice.securityUpdate(); }

    @Override
    public String getNotice() {
        Notice n = startupNotice();
        return n == null ? "" : n.text();
    }

    @Override
    public String getNoticeSeverity() {
        Notice n = startupNotice();
        return n == null ? "" : n.severity().word;
    }

    /** The version information of the last reply, or null when there is none to show. */
    public VersionNotice versionNotice() {
        return notice != null && notice.known() ? notice : null;
    }
    @Override public String getLastResult() { return reporter == null ? "none yet" : reporter.lastResult(); }
    @Override public String getDestination() { return destination; }

    @Override
    public String getLastReportTime() {
        Instant t = reporter == null ? null : reporter.lastReport();
        return t == null ? "" : t.toString();
    }

    @Override
    public String getNextReportTime() {
        Instant t = reporter == null ? null : reporter.nextReport();
        return t == null || control.state() == TelemetryState.DISABLED ? "" : t.toString();
    }

    @Override
    public String getProfile() {
        return profileName(profiles);
    }

    @Override
    public Map<String, String> getProfileFacts() {
        return profileFacts(profiles);
    }

    @Override
    public String getProfileReason() {
        for (Profile p : profiles) {
            if (p.active()) {
                return p.chosenBecause();
            }
        }
        return profiles.isEmpty() ? "no profile is installed" : "none of the installed profiles' classes has loaded yet";
    }

    @Override
    public String[] getHooks() {
        List<String> lines = new ArrayList<>();
        for (Profile p : profiles) {
            for (dev.telemetry.agent.profile.generic.HookStats s : p.hookStats()) {
                lines.addAll(s.describe());
            }
        }
        return lines.toArray(new String[0]);
    }

    /** The first profile whose classes appeared, or none. */
    public static String profileName(List<Profile> profiles) {
        for (Profile p : profiles) {
            if (p.active()) {
                return p.name();
            }
        }
        return "none";
    }

    public static Map<String, String> profileFacts(List<Profile> profiles) {
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
        List<String> lines = new ArrayList<>(control.resolution().errors());
        lines.addAll(control.resolution().warnings());
        String w = startupWarning();
        if (w != null) {
            lines.add(w);
        }
        return lines.toArray(new String[0]);
    }

    /** The text of {@link #startupNotice()}, or null. */
    public String startupWarning() {
        Notice n = startupNotice();
        return n == null ? null : n.text();
    }

    /**
     * The one notice a server shows among its startup warnings: while undecided, how to decide (and,
     * when an earlier enable no longer covers what is sent, what is new); otherwise the version
     * notice, if any.
     */
    public Notice startupNotice() {
        if (control.state() == TelemetryState.UNDECIDED) {
            String renewal = control.resolution().renewal();
            if (renewal != null) {
                return new Notice(Notice.Kind.UNDECIDED_NEW_DATA, "Telemetry is undecided again: this version's reports"
                        + " (schema " + control.resolution().schema() + ") add " + renewal
                        + ", and telemetry was enabled only for the earlier ones. Anonymous usage reports will be sent"
                        + " unless you decide: to keep it on, start with telemetry=enable or run setFreeMonitoring with action"
                        + " \"enable\"; to opt out, start with telemetry=disable or DO_NOT_TRACK=1, or run setFreeMonitoring"
                        + " with action \"disable\".", control.resolution().at());
            }
            return new Notice(Notice.Kind.UNDECIDED, "Telemetry is undecided: anonymous usage reports will be sent unless you opt out"
                    + " (start with telemetry=disable or DO_NOT_TRACK=1, or run setFreeMonitoring with action \"disable\").",
                    control.resolution().at());
        }
        return notice == null ? null : notice.notice();
    }

    @Override
    public String getNextReportJson() {
        return source == null ? "" : new String(source.preview(), StandardCharsets.UTF_8);
    }

    @Override
    public String getMetricsJson() {
        return MetricsJson.toJson(metrics.snapshot());
    }

    @Override
    public String enable() {
        return change(TelemetryState.ENABLED, "JMX");
    }

    @Override
    public String disable() {
        return change(TelemetryState.DISABLED, "JMX");
    }

    /** The one way surfaces change the state; IllegalStateException with the reason when refused. */
    public String change(TelemetryState state, String via) {
        String refused = control.choose(state, via);
        if (refused != null) {
            throw new IllegalStateException("refused: " + refused);
        }
        dev.telemetry.agent.log.AgentLog.info("telemetry is " + state.word() + ": " + control.decidedBy());
        return "telemetry is " + state.word();
    }

    /**
     * {@link #change}, for a surface that answers a refusal in words: null when changed, else the
     * refusal. Here, not in the surface: a handler of {@code IllegalStateException} in a class premain
     * loads makes the verifier load that class too.
     */
    public String changeOrRefusal(TelemetryState state, String via) {
        try {
            change(state, via);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }
}
