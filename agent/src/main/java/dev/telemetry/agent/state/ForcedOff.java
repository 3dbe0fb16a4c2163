package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.TelemetryChoice;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of {@link StateResolver}'s decision that premain needs: whether telemetry is forced off
 * ({@code DO_NOT_TRACK}, a {@code donottrack} name). A class of its own so that premain's question
 * does not load (and verify) the whole resolver on the host's start path.
 */
public final class ForcedOff {
    private static final OptOutCheck[] CHECKS = {new DoNotTrackVariable(), new DoNotTrackName()};

    private ForcedOff() {}

    /** The first check that fires, in words, or null; a check may add a warning. */
    static String cause(Environment env, AppIdentity identity, List<String> warnings) {
        for (OptOutCheck check : CHECKS) {
            String cause = check.cause(env, identity, warnings);
            if (cause != null) {
                return cause;
            }
        }
        return null;
    }

    /**
     * Whether telemetry is off for this run and cannot be turned on while it runs (forced off, or
     * {@code telemetry=disable}): the same answer as {@link StateResolver#resolve}'s, without reading or writing a file.
     */
    public static boolean lockedOff(Config config, Environment env, AppIdentity identity) {
        return cause(env, identity, new ArrayList<String>()) != null || config.telemetry() == TelemetryChoice.DISABLE;
    }
}
