package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Environment;

import java.util.List;
import java.util.Locale;

/**
 * A {@code donottrack} executable name, case-insensitive: in the agent jar's file name (a user may
 * rename {@code telemetry.jar}), the application's main jar or class, or the launcher's path.
 */
final class DoNotTrackName implements OptOutCheck {
    static final String MARK = "donottrack";

    @Override
    public String cause(Environment env, AppIdentity identity, List<String> warnings) {
        String[] names = {identity.agentJarName(), identity.mainJarOrClass(), identity.launcher()};
        for (String name : names) {
            if (name != null && name.toLowerCase(Locale.ROOT).contains(MARK)) {
                return "the executable name \"" + name + "\"";
            }
        }
        return null;
    }
}
