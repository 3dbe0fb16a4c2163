package dev.telemetry.agent.report;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.state.TelemetryControl;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Gathers one report's content: identity, application facts, runtime, state, and a metrics snapshot. */
public final class ReportSource {
    private final TelemetryControl control;
    private final AppFacts app;
    private final Supplier<String> profile;
    private final Supplier<Map<String, String>> profileFacts;
    private final Metrics metrics;
    private final long startNanos;
    private final String runId = UUID.randomUUID().toString();
    private final AtomicLong sequence = new AtomicLong();

    public ReportSource(TelemetryControl control, AppFacts app, Supplier<String> profile,
                        Supplier<Map<String, String>> profileFacts, Metrics metrics, long startNanos) {
        this.control = control;
        this.app = app;
        this.profile = profile;
        this.profileFacts = profileFacts;
        this.metrics = metrics;
        this.startNanos = startNanos;
    }

    /** The next report, numbered. */
    public byte[] next() {
        return ReportWriter.write(input(sequence.incrementAndGet()));
    }

    /** What the next report would be, without using up a number. */
    public byte[] preview() {
        return ReportWriter.write(input(sequence.get() + 1));
    }

    /** The application's version as reports give it: configured, from its manifest, or the profile's server version. */
    public String appVersion() {
        if (app.version != null) {
            return app.version;
        }
        String v = profileFacts.get().get("server_version");
        return v != null ? v : ResultKey.UNKNOWN;
    }

    private ReportInput input(long seq) {
        ReportInput in = new ReportInput();
        in.uuid = control.uuid() == null ? "" : control.uuid().toString();
        in.runId = runId;
        in.sequence = seq;
        in.appName = app.name;
        in.appVersion = appVersion();
        String backend = profileFacts.get().get("backend");
        in.backend = backend != null ? backend : ResultKey.UNKNOWN;
        in.installationType = app.installationType;
        in.buildTags = app.buildTags;
        in.agentVersion = AgentVersion.get();
        in.profile = profile.get();
        in.javaVersion = System.getProperty("java.version", ResultKey.UNKNOWN);
        in.javaVendor = System.getProperty("java.vendor", ResultKey.UNKNOWN);
        in.os = System.getProperty("os.name", ResultKey.UNKNOWN);
        in.arch = System.getProperty("os.arch", ResultKey.UNKNOWN);
        in.uptimeSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
        in.telemetry = control.state().word();
        in.metrics = metrics.snapshot();
        return in;
    }
}
