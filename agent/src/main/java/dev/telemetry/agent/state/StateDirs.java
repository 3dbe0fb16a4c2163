package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Where {@code state.json} lives. Default: per user and per application, in the platform's place for
 * application state, so the UUID survives restarts and upgrades but two applications on one machine
 * keep separate installations.
 * <ul>
 * <li>Linux and other Unix: {@code $XDG_STATE_HOME/telemetry-agent/<app-name>}, else
 * {@code ~/.local/state/telemetry-agent/<app-name>}</li>
 * <li>macOS: {@code ~/Library/Application Support/telemetry-agent/<app-name>}</li>
 * <li>Windows: {@code %LOCALAPPDATA%\telemetry-agent\<app-name>}</li>
 * </ul>
 */
public final class StateDirs {
    private StateDirs() {}

    public static String appName(Config config, AppIdentity identity) {
        String configured = config.get(Option.APP_NAME).trim();
        return configured.isEmpty() ? identity.derivedAppName() : configured;
    }

    public static Path stateDir(Config config, Environment env, AppIdentity identity) {
        String configured = config.get(Option.STATE_DIR).trim();
        if (!configured.isEmpty()) {
            return Paths.get(configured);
        }
        String app = appName(config, identity);
        String os = String.valueOf(env.property("os.name")).toLowerCase(Locale.ROOT);
        String home = String.valueOf(env.property("user.home"));
        if (os.startsWith("windows")) {
            String local = env.variable("LOCALAPPDATA");
            Path base = local != null && !local.isEmpty() ? Paths.get(local) : Paths.get(home, "AppData", "Local");
            return base.resolve("telemetry-agent").resolve(app);
        }
        if (os.startsWith("mac")) {
            return Paths.get(home, "Library", "Application Support", "telemetry-agent", app);
        }
        String xdg = env.variable("XDG_STATE_HOME");
        Path base = xdg != null && xdg.startsWith("/") ? Paths.get(xdg) : Paths.get(home, ".local", "state");
        return base.resolve("telemetry-agent").resolve(app);
    }
}
