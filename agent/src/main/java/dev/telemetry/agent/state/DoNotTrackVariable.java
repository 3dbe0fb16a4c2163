package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.TelemetryChoice;

import java.util.List;

/**
 * {@code DO_NOT_TRACK}: an enable word ({@code 1}, {@code true}, ...) means "do not track". A disable
 * word, empty or {@code undecided} has no effect; any other value is read as an opt-out, since
 * someone who set it most likely meant to opt out.
 */
final class DoNotTrackVariable implements OptOutCheck {
    static final String NAME = "DO_NOT_TRACK";

    @Override
    public String cause(Environment env, AppIdentity identity, List<String> warnings) {
        String value = env.variable(NAME);
        if (value == null) {
            return null;
        }
        TelemetryChoice choice = TelemetryChoice.parse(value);
        if (choice == TelemetryChoice.ENABLE) {
            return NAME + "=" + value;
        }
        if (choice == null) {
            warnings.add(NAME + "=\"" + value + "\" is not a recognised value; it is read as an opt-out");
            return NAME + "=" + value;
        }
        return null;
    }
}
