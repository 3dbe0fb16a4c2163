package dev.telemetry.agent.entry;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.bootstrap.Bridge;
import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Durations;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.instrument.BootstrapInjector;
import dev.telemetry.agent.instrument.Instrumenter;
import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.profile.ProfileCatalog;
import dev.telemetry.agent.profile.generic.HookWatch;
import dev.telemetry.agent.profile.generic.GenericProfile;
import dev.telemetry.agent.state.AppIdentity;
import dev.telemetry.agent.state.Resolution;
import dev.telemetry.agent.state.StateResolver;
import dev.telemetry.agent.state.TelemetryState;
import dev.telemetry.agent.surface.AgentStatus;
import dev.telemetry.agent.surface.JmxRegistration;

import dev.telemetry.agent.profile.ClientSurface;
import dev.telemetry.agent.report.AppFacts;
import dev.telemetry.agent.report.LocalReportFile;
import dev.telemetry.agent.report.Notice;
import dev.telemetry.agent.report.ReportClient;
import dev.telemetry.agent.report.ReportSource;
import dev.telemetry.agent.report.Reporter;
import dev.telemetry.agent.report.VersionNotice;
import dev.telemetry.agent.state.StateDirs;
import dev.telemetry.agent.state.TelemetryControl;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The one start path of premain and agentmain. */
final class AgentStarter {
    /** Set in the host once the agent runs, so {@code attach} and {@code list} can tell. */
    static final String INSTALLED_PROPERTY = "dev.telemetry.agent.installed";

    private AgentStarter() {}

    static void start(String args, Instrumentation inst, boolean attached) throws Exception {
        // First, before any class of ours touches the bridge: see BootstrapInjector.
        BootstrapInjector.inject(inst);
        if (!Bridge.claim()) {
            AgentLog.warn("the agent is already running in this JVM; this second start is ignored");
            return;
        }
        System.setProperty(INSTALLED_PROPERTY, AgentVersion.get());

        long startNanos = System.nanoTime();
        Environment env = Environment.current();
        Config config;
        Metrics metrics;
        Holder holder = new Holder();
        ProfileCatalog catalog;
        try {
            config = load(args, env);
            metrics = new Metrics(config.integer(Option.MAX_COMMANDS), config.integer(Option.MAX_RESULTS));
            catalog = ProfileCatalog.select(config, metrics, holder);
        } catch (ConfigException e) {
            Resolution off = Resolution.configurationError(e.getMessage());
            AgentLog.error(off.errors().get(0));
            AgentStatus status = new AgentStatus(new TelemetryControl(off), new Metrics(1, 1),
                    Collections.emptyList(), null, null, "none (configuration error)");
            // still JMX (to show why it is off), still after the default start-delay when in premain
            startLater(attached ? Duration.ZERO : Durations.parse(Option.START_DELAY.defaultValue()), status, null);
            return;
        }
        AgentLog.setLevel(config.get(Option.LOG_LEVEL));

        AppIdentity identity = AppIdentity.current(env);
        Resolution resolution = StateResolver.resolve(config, env, identity, true);
        resolution.errors().forEach(AgentLog::error);
        resolution.warnings().forEach(AgentLog::warn);
        AgentLog.info(resolution.summary());
        TelemetryControl control = new TelemetryControl(resolution);

        AppFacts app = AppFacts.read(config, env, identity, StateDirs.appName(config, identity));
        List<Profile> profiles = new ArrayList<>();
        if (resolution.state() == TelemetryState.DISABLED && resolution.locked()) {
            // Off and not changeable while running: time nothing, cost nothing.
            AgentLog.debug("telemetry is off for this run; no dispatch method is instrumented");
        } else {
            catalog.startExtensions(config, metrics);
            catalog.problems().forEach(AgentLog::warn);
            profiles = catalog.profiles();
            Instrumenter.install(inst, profiles, attached);
            HookWatch.start(profiles, catalog::explicit, config.duration(Option.HOOK_CHECK_DELAY));
        }
        final List<Profile> active = profiles;
        ReportSource source = new ReportSource(control, app, () -> AgentStatus.profileName(active),
                () -> AgentStatus.profileFacts(active), metrics, startNanos);
        VersionNotice notice = new VersionNotice(source::appVersion);
        String url = config.get(Option.URL).trim();
        boolean dryRun = config.flag(Option.DRY_RUN) || url.isEmpty();
        AgentStatus status = new AgentStatus(control, metrics, profiles, notice, source, dryRun ? "dry run" : url);
        holder.status = status;

        Reporter reporter = null;
        if (!(resolution.state() == TelemetryState.DISABLED && resolution.locked())) {
            ReportClient client = dryRun ? null : new ReportClient(new URL(url), config.duration(Option.REPORT_TIMEOUT));
            reporter = new Reporter(control, source, client, url.isEmpty(),
                    new LocalReportFile(Paths.get(resolution.stateFile()).getParent()), notice, startNanos,
                    config.duration(Option.UNDECIDED_DELAY), config.duration(Option.REPORT_INTERVAL),
                    config.duration(Option.REPORT_TIMEOUT));
            status.reporter(reporter);
        }
        startLater(attached ? Duration.ZERO : config.duration(Option.START_DELAY), status, reporter);
    }

    /** Lets a profile reach the status object, which exists only after the profiles are built. */
    private static final class Holder implements ClientSurface {
        volatile AgentStatus status;

        @Override public String state() { return status == null ? "undecided" : status.getState(); }
        @Override public Notice startupNotice() { return status == null ? null : status.startupNotice(); }
        @Override public VersionNotice versionNotice() { return status == null ? null : status.versionNotice(); }
        @Override public boolean locked() { return status != null && status.isLocked(); }

        @Override
        public String choose(boolean enable) {
            try {
                status.change(enable ? TelemetryState.ENABLED : TelemetryState.DISABLED, "setFreeMonitoring");
                return null;
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }
    }

    private static Config load(String args, Environment env) throws ConfigException {
        Config config = ConfigLoader.load(args, env);
        String profile = config.get(Option.PROFILE).trim().toLowerCase(Locale.ROOT);
        String dispatch = config.get(Option.DISPATCH).trim();
        if (profile.equals(GenericProfile.NAME) && dispatch.isEmpty()) {
            throw new ConfigException("profile=generic needs dispatch=Class#method; accepted: e.g. dispatch=com.example.Server#handle");
        }
        String bad = GenericProfile.checkTargets(dispatch);
        if (bad == null && !config.get(Option.URL).trim().isEmpty()) {
            bad = ReportClient.checkUrl(config.get(Option.URL).trim(), config.flag(Option.ALLOW_INSECURE));
        }
        if (bad != null) {
            throw new ConfigException(bad);
        }
        return config;
    }

    /**
     * JMX and the reporter start on a daemon thread, after {@code start-delay} when
     * started with {@code -javaagent}, so premain stays short and the host sets up its logging first.
     */
    private static void startLater(Duration delay, AgentStatus status, Reporter reporter) {
        Thread t = new Thread(() -> {
            try {
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                JmxRegistration.register(status);
                if (reporter != null) {
                    reporter.start();
                }
            } catch (Throwable e) {
                AgentLog.warn("background start failed: " + e);
            }
        }, "telemetry-agent-start");
        t.setDaemon(true);
        t.start();
    }
}
