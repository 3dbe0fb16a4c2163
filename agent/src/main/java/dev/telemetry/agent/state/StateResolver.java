package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Durations;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.config.TelemetryChoice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one place that decides the state, for the agent and for the CLI's {@code status} alike.
 * Order: a forced opt-out (locked off), then an explicit option (locked), then the persisted choice
 * (unlocked), else undecided.
 */
public final class StateResolver {
    private static final List<OptOutCheck> OPT_OUTS = Arrays.asList(new DoNotTrackVariable(), new DoNotTrackName());

    private StateResolver() {}

    /**
     * @param persist false for a read-only look (the CLI's {@code status}); the agent passes true
     */
    public static Resolution resolve(Config config, Environment env, AppIdentity identity, boolean persist) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        String forcedBy = null;
        for (OptOutCheck check : OPT_OUTS) {
            forcedBy = check.cause(env, identity, warnings);
            if (forcedBy != null) {
                break;
            }
        }
        TelemetryChoice option = config.telemetry();
        String optionText = "the option telemetry=" + config.get(Option.TELEMETRY).trim()
                + " (" + config.source(Option.TELEMETRY) + ")";
        if (forcedBy != null && option == TelemetryChoice.ENABLE) {
            errors.add("telemetry can't be enabled by " + optionText + ": it is forced off by " + forcedBy);
        }

        StateStore store = new StateStore(StateDirs.stateDir(config, env, identity));
        final String forced = forcedBy;
        StateStore.Stored stored = store.update(persisted -> decide(forced, option, persisted), persist);
        warnings.addAll(stored.warnings);

        TelemetryState state = decide(forcedBy, option, stored.choice);
        boolean locked;
        String decidedBy;
        if (forcedBy != null) {
            locked = true;
            decidedBy = "forced off by " + forcedBy;
        } else if (option != TelemetryChoice.UNDECIDED) {
            locked = true;
            decidedBy = "set by " + optionText;
        } else if (stored.choice != null) {
            locked = false;
            decidedBy = "it was " + stored.choice.word() + " previously (" + store.file() + ")";
        } else {
            locked = false;
            decidedBy = "no choice has been made; a first report would be sent "
                    + Durations.format(config.duration(Option.UNDECIDED_DELAY))
                    + " after start; to opt out set telemetry=disable or DO_NOT_TRACK=1";
        }
        return new Resolution(state, locked, decidedBy, stored.uuid, store.file().toString(), errors, warnings);
    }

    static TelemetryState decide(String forcedBy, TelemetryChoice option, TelemetryState persisted) {
        if (forcedBy != null) {
            return TelemetryState.DISABLED;
        }
        if (option == TelemetryChoice.ENABLE) {
            return TelemetryState.ENABLED;
        }
        if (option == TelemetryChoice.DISABLE) {
            return TelemetryState.DISABLED;
        }
        return persisted != null ? persisted : TelemetryState.UNDECIDED;
    }
}
