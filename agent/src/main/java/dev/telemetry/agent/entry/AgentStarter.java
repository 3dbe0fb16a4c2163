package dev.telemetry.agent.entry;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.bootstrap.Bridge;
import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.instrument.BootstrapInjector;
import dev.telemetry.agent.instrument.Instrumenter;
import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.profile.generic.GenericProfile;
import dev.telemetry.agent.profile.mongo.MongoProfile;
import dev.telemetry.agent.state.AppIdentity;
import dev.telemetry.agent.state.Resolution;
import dev.telemetry.agent.state.StateResolver;
import dev.telemetry.agent.state.TelemetryState;
import dev.telemetry.agent.surface.AgentStatus;
import dev.telemetry.agent.surface.JmxRegistration;

import java.lang.instrument.Instrumentation;
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

        Environment env = Environment.current();
        Config config;
        try {
            config = load(args, env);
        } catch (ConfigException e) {
            Resolution off = Resolution.configurationError(e.getMessage());
            AgentLog.error(off.errors().get(0));
            startLater(Duration.ZERO, new AgentStatus(off, new Metrics(1, 1), Collections.emptyList()));
            return;
        }
        AgentLog.setLevel(config.get(Option.LOG_LEVEL));

        Resolution resolution = StateResolver.resolve(config, env, AppIdentity.current(env), true);
        resolution.errors().forEach(AgentLog::error);
        resolution.warnings().forEach(AgentLog::warn);
        AgentLog.info(resolution.summary());

        Metrics metrics = new Metrics(config.integer(Option.MAX_COMMANDS), config.integer(Option.MAX_RESULTS));
        List<Profile> profiles = new ArrayList<>();
        if (resolution.state() == TelemetryState.DISABLED && resolution.locked()) {
            // Off and not changeable while running: time nothing, cost nothing.
            AgentLog.debug("telemetry is off for this run; no dispatch method is instrumented");
        } else {
            profiles = profiles(config, metrics);
            Instrumenter.install(inst, profiles);
        }
        AgentStatus status = new AgentStatus(resolution, metrics, profiles);
        startLater(attached ? Duration.ZERO : config.duration(Option.START_DELAY), status);
    }

    private static Config load(String args, Environment env) throws ConfigException {
        Config config = ConfigLoader.load(args, env);
        String profile = config.get(Option.PROFILE).trim().toLowerCase(Locale.ROOT);
        String dispatch = config.get(Option.DISPATCH).trim();
        if (profile.equals(GenericProfile.NAME) && dispatch.isEmpty()) {
            throw new ConfigException("profile=generic needs dispatch=Class#method; accepted: e.g. dispatch=com.example.Server#handle");
        }
        String bad = GenericProfile.checkTargets(dispatch);
        if (bad != null) {
            throw new ConfigException(bad);
        }
        return config;
    }

    private static List<Profile> profiles(Config config, Metrics metrics) {
        String profile = config.get(Option.PROFILE).trim().toLowerCase(Locale.ROOT);
        boolean dispatch = !config.get(Option.DISPATCH).trim().isEmpty();
        List<Profile> out = new ArrayList<>();
        if (profile.equals("auto") || profile.equals(MongoProfile.NAME)) {
            out.add(new MongoProfile(metrics));
        }
        if (profile.equals(GenericProfile.NAME) || (profile.equals("auto") && dispatch)) {
            out.add(new GenericProfile(metrics, config));
        }
        return out;
    }

    /**
     * JMX (and, later, the network client) start on a daemon thread, after {@code start-delay} when
     * started with {@code -javaagent}, so premain stays short and the host sets up its logging first.
     */
    private static void startLater(Duration delay, AgentStatus status) {
        Thread t = new Thread(() -> {
            try {
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                JmxRegistration.register(status);
            } catch (Throwable e) {
                AgentLog.warn("background start failed: " + e);
            }
        }, "telemetry-agent-start");
        t.setDaemon(true);
        t.start();
    }
}
