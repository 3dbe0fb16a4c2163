package dev.telemetry.agent.entry;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.config.AgentJar;
import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Durations;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.config.ReportUrl;
import dev.telemetry.agent.config.TelemetryChoice;
import dev.telemetry.agent.instrument.Instrumenter;
import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.profile.LazyCatalog;
import dev.telemetry.agent.profile.generic.HookWatch;
import dev.telemetry.agent.profile.generic.GenericProfile;
import dev.telemetry.agent.state.AppIdentity;
import dev.telemetry.agent.state.Resolution;
import dev.telemetry.agent.state.ForcedOff;
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
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The one start path of premain and agentmain. */
public final class AgentStarter {
    /** Set in the host once the agent runs, so {@code attach} and {@code list} can tell. */
    static final String INSTALLED_PROPERTY = "dev.telemetry.agent.installed";
    /** Set in the host once the agent's start is complete (the state decided and logged). */
    static final String STARTED_PROPERTY = "dev.telemetry.agent.started";

    private AgentStarter() {}

    /**
     * On the thread that called premain, only what must be in place before the host's next class
     * loads: the options, the forced-off check and the transformer's name filter (the profiles too,
     * unless only the built-in one is possible: {@link LazyCatalog}). The rest runs on the agent's
     * own threads: the bridge and the hook table soon, and after {@code start-delay} (when started with
     * {@code -javaagent}) the state file and its log line, the report's facts, JMX and the reporter,
     * so none of it competes with the host's own start. A host that exits before then writes nothing.
     */
    public static void start(String args, Instrumentation inst, boolean attached) throws Exception {
        // One agent per JVM (the agent given twice, or attached twice), so every dispatch is counted once.
        if (System.getProperties().putIfAbsent(INSTALLED_PROPERTY, AgentVersion.get()) != null) {
            AgentLog.warn("the agent is already running in this JVM; this second start is ignored");
            return;
        }

        long startNanos = System.nanoTime();
        StartThread startThread = StartThread.begin(); // reads the jar's directory on another core meanwhile
        try {
            startWith(startThread, args, inst, attached, startNanos);
        } finally {
            startThread.hand(null); // after a failure here, the thread ends (a no-op once handed)
        }
    }

    /** The start, up to handing the rest to the start thread. */
    private static void startWith(StartThread startThread, String args, Instrumentation inst, boolean attached, long startNanos)
            throws Exception {
        Environment env = Environment.current();
        Config config;
        Later later;
        LazyCatalog catalog;
        try {
            config = load(args, env);
            later = new Later(attached, config, null);
            catalog = LazyCatalog.of(config, later);
        } catch (ConfigException e) {
            Resolution off = Resolution.configurationError(e.getMessage());
            AgentLog.error(off.errors().get(0));
            AgentStatus status = new AgentStatus(new TelemetryControl(off), new Metrics(1, 1),
                    Collections.<Profile>emptyList(), null, null, "none (configuration error)");
            // still JMX (to show why it is off), still after the default start-delay when in premain
            startThread.hand(new Later(attached, null, status));
            return;
        }
        AgentLog.setLevel(config.get(Option.LOG_LEVEL));

        AppIdentity identity = AppIdentity.current(env);
        // Off and not changeable while running (forced off, or telemetry=disable): time nothing, cost nothing.
        boolean lockedOff = ForcedOff.lockedOff(config, env, identity);
        if (lockedOff || config.telemetry() == TelemetryChoice.ENABLE) {
            later.early = lockedOff ? "disabled" : "enabled";
            later.earlyLocked = true;
        }
        later.env = env;
        later.identity = identity;
        later.catalog = catalog;
        later.startNanos = startNanos;
        later.lockedOff = lockedOff;
        if (!lockedOff) {
            Path stateDir = StateDirs.stateDir(config, env, identity);
            later.setup = Instrumenter.install(inst, catalog, catalog.expectedTypes(), attached,
                    config.flag(Option.CLASS_CACHE) ? stateDir : null);
        }
        if (attached) {
            try {
                later.rest(); // attach: the CLI's next status sees the whole agent
            } catch (Throwable e) {
                AgentLog.warn("the agent's start failed (" + e + "); telemetry is off");
                Instrumenter.stateKnown(false);
            }
        }
        startThread.hand(later);
    }

    /** Everything that can wait until the host runs: the state, the report's facts, the reporter. */
    private static final class Rest {
        private final Config config;
        private final Environment env;
        private final AppIdentity identity;
        private final Metrics metrics;
        private final Later surface;
        private final List<Profile> profiles;
        private final long startNanos;
        private final boolean lockedOff;
        AgentStatus status;
        Reporter reporter;

        Rest(Config config, Environment env, AppIdentity identity, Metrics metrics, Later surface, List<Profile> profiles,
             long startNanos, boolean lockedOff) {
            this.config = config;
            this.env = env;
            this.identity = identity;
            this.metrics = metrics;
            this.surface = surface;
            this.profiles = profiles;
            this.startNanos = startNanos;
            this.lockedOff = lockedOff;
        }

        /**
         * JMX, then the reporter, once the status is complete (a configuration error's status too, for
         * JMX). Here, not in {@link Later}: checking that call loads the MBean interface, which would
         * happen on the premain thread, where {@link Later} is loaded.
         */
        static void publish(AgentStatus status, Reporter reporter) {
            JmxRegistration.register(status);
            if (reporter != null) {
                reporter.start();
            }
        }

        void run() throws Exception {
            Resolution resolution = StateResolver.resolve(config, env, identity, true);
            for (String e : resolution.errors()) {
                AgentLog.error(e);
            }
            for (String w : resolution.warnings()) {
                AgentLog.warn(w);
            }
            AgentLog.info(resolution.summary());
            if (lockedOff) {
                AgentLog.debug("telemetry is off for this run; no dispatch method is instrumented");
            }
            TelemetryControl control = new TelemetryControl(resolution);
            Instrumenter.stateKnown(resolution.state() != TelemetryState.DISABLED);
            control.addListener(new CacheWrites()); // off while running: the class cache stops writing too

            AppFacts app = AppFacts.read(config, env, identity, StateDirs.appName(config, identity));
            final List<Profile> active = profiles;
            ReportSource source = new ReportSource(control, app, new ProfileName(active), new ProfileFacts(active),
                    metrics, startNanos);
            VersionNotice notice = new VersionNotice(new AppVersion(source));
            String url = config.get(Option.URL).trim();
            boolean dryRun = config.flag(Option.DRY_RUN) || url.isEmpty();
            status = new AgentStatus(control, metrics, profiles, notice, source, dryRun ? "dry run" : url);
            surface.status = status;

            if (!lockedOff) {
                ReportClient client = dryRun ? null : new ReportClient(new URL(url), config.duration(Option.REPORT_TIMEOUT));
                reporter = new Reporter(control, source, client, url.isEmpty(),
                        new LocalReportFile(Paths.get(resolution.stateFile()).getParent()), notice, startNanos,
                        config.duration(Option.UNDECIDED_DELAY), config.duration(Option.REPORT_INTERVAL),
                        config.duration(Option.REPORT_TIMEOUT));
                status.reporter(reporter);
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
        String bad = dispatch.isEmpty() ? null : GenericProfile.checkTargets(dispatch);
        if (bad == null && !config.get(Option.URL).trim().isEmpty()) {
            bad = ReportUrl.problem(config.get(Option.URL).trim(), config.flag(Option.ALLOW_INSECURE));
        }
        if (bad != null) {
            throw new ConfigException(bad);
        }
        return config;
    }

    /**
     * What the agent's start thread does, in order: wait for start-delay, the rest of the start, JMX
     * and the reporter. It is handed what premain found and makes everything else itself, so that
     * none of those classes is loaded (and verified) on the premain thread.
     */
    private static final class Later implements Runnable, ClientSurface {
        private final boolean attached;
        /** Null after a configuration error, which comes with its {@link #errorStatus}. */
        private final Config config;
        private final AgentStatus errorStatus;
        Environment env;
        AppIdentity identity;
        LazyCatalog catalog;
        long startNanos;
        boolean lockedOff;
        /** Run a moment into the delay (the bridge), unless a hooked class needed it earlier. */
        Runnable setup;
        private Rest rest;
        /*
         * Also what a profile's client commands see of the agent (ClientSurface), since the profiles
         * are made before the status object: here rather than in a class of its own, which would be
         * one more class to load on the premain thread.
         */
        volatile AgentStatus status;
        /** Until the state file is read (at start-delay), what the options alone decide: exact when locked. */
        volatile String early = "undecided";
        volatile boolean earlyLocked;

        Later(boolean attached, Config config, AgentStatus errorStatus) {
            this.attached = attached;
            this.config = config;
            this.errorStatus = errorStatus;
        }

        @Override public String state() { return status == null ? early : status.getState(); }
        @Override public Notice startupNotice() { return status == null ? null : status.startupNotice(); }
        @Override public VersionNotice versionNotice() { return status == null ? null : status.versionNotice(); }
        @Override public boolean locked() { return status == null ? earlyLocked : status.isLocked(); }

        @Override
        public String choose(boolean enable) {
            if (status == null) {
                return "the telemetry agent is still starting; try again in a moment";
            }
            return status.changeOrRefusal(enable ? TelemetryState.ENABLED : TelemetryState.DISABLED, "setFreeMonitoring");
        }

        /** The state, the report's facts and the reporter (once; on the caller's thread after an attach). */
        Rest rest() throws Exception {
            if (rest == null) {
                List<Profile> profiles = lockedOff ? Collections.<Profile>emptyList() : catalog.call();
                rest = new Rest(config, env, identity, catalog.metrics(), this, profiles, startNanos, lockedOff);
                rest.run();
            }
            return rest;
        }

        @Override
        public void run() {
            AgentStatus s = errorStatus;
            Reporter r = null;
            try {
                // milliseconds, not java.time: Duration's set-up would cost milliseconds
                long delayMillis = attached ? 0
                        : config == null ? Durations.millis(Option.START_DELAY.defaultValue()) : config.millis(Option.START_DELAY);
                long waited = 0;
                if (setup != null) {
                    waited = Math.min(delayMillis, Instrumenter.SETUP_DELAY_MILLIS);
                    Thread.sleep(waited); // a host that exits at once never pays for it
                    setup.run();
                    Metrics.prepareCounters();
                }
                if (config != null && !lockedOff) {
                    HookWatch.start(catalog.call(), catalog.explicit(), startNanos, config.millis(Option.HOOK_CHECK_DELAY));
                }
                if (delayMillis > waited) {
                    Thread.sleep(delayMillis - waited); // the host starts (and sets up its logging) first
                }
                if (config != null) {
                    Rest done = rest();
                    s = done.status;
                    r = done.reporter;
                }
            } catch (Throwable e) {
                AgentLog.warn("the agent's start failed (" + e + "); telemetry is off and the application runs unchanged");
                Instrumenter.stateKnown(false);
                s = null;
            } finally {
                System.setProperty(STARTED_PROPERTY, "true");
            }
            if (s == null) {
                return;
            }
            try {
                Rest.publish(s, r);
            } catch (Throwable e) {
                AgentLog.warn("background start failed: " + e);
            }
        }
    }

    /**
     * The agent's one start thread, a daemon (it never keeps the host alive), started as premain
     * begins. It first reads the jar's directory, which premain's profile check may need, on the other
     * core; then it waits for premain to hand it the rest of the start ({@link Later}), or nothing.
     * One thread for both: starting a thread costs a good part of a millisecond on the premain thread.
     */
    private static final class StartThread implements Runnable {
        private static final String NAME = "telemetry-agent-start";
        /** Whether the thread started with premain; if not, {@link #hand} starts one for the rest. */
        private boolean running;
        private boolean handed;
        private Later later;

        static StartThread begin() {
            StartThread s = new StartThread();
            try {
                startDaemon(s);
                s.running = true;
            } catch (Throwable e) {
                // no thread to be had now: the directory is read on first use, and hand() tries again
            }
            return s;
        }

        /** What the thread runs next: the rest of the start, or nothing (null). Only the first call counts. */
        void hand(Later next) {
            boolean noThread;
            synchronized (this) {
                if (handed) {
                    return;
                }
                handed = true;
                later = next;
                noThread = !running;
                notifyAll();
            }
            if (noThread && next != null) {
                startDaemon(next);
            }
        }

        private static void startDaemon(Runnable work) {
            Thread t = new Thread(work, NAME);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void run() {
            AgentJar.readDirectory();
            Later next;
            try {
                synchronized (this) {
                    while (!handed) {
                        wait();
                    }
                    next = later;
                }
            } catch (Exception interrupted) {
                // only wait()'s InterruptedException, caught as Exception: naming it here would load it from
                // the JDK's image on the premain thread, which checks this class; nobody but the JVM's end
                // interrupts this thread
                return;
            }
            if (next != null) {
                next.run();
            }
        }
    }

    /** The class cache writes while telemetry may be on, and stops once it is turned off. */
    private static final class CacheWrites implements TelemetryControl.Listener {
        @Override
        public void stateChanged(TelemetryState state) {
            Instrumenter.stateKnown(state != TelemetryState.DISABLED);
        }
    }

    /** The profile in use, for the report (read when a report is made). */
    private static final class ProfileName implements java.util.function.Supplier<String> {
        private final List<Profile> profiles;
        ProfileName(List<Profile> profiles) { this.profiles = profiles; }
        @Override public String get() { return AgentStatus.profileName(profiles); }
    }

    private static final class ProfileFacts implements java.util.function.Supplier<java.util.Map<String, String>> {
        private final List<Profile> profiles;
        ProfileFacts(List<Profile> profiles) { this.profiles = profiles; }
        @Override public java.util.Map<String, String> get() { return AgentStatus.profileFacts(profiles); }
    }

    private static final class AppVersion implements java.util.function.Supplier<String> {
        private final ReportSource source;
        AppVersion(ReportSource source) { this.source = source; }
        @Override public String get() { return source.appVersion(); }
    }
}
