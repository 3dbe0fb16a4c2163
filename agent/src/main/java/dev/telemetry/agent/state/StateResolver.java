package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Durations;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.config.TelemetryChoice;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides the state, for the agent and for the CLI's {@code status} alike.
 * Order: a forced opt-out (locked off, nothing written), then an explicit option (locked), then the
 * persisted choice (unlocked; an enable only while it covers the report schema, see
 * {@link ConsentScope}), else undecided.
 */
public final class StateResolver {
    private StateResolver() {}

    /**
     * @param persist false for a read-only look (the CLI's {@code status}); the agent passes true
     */
    public static Resolution resolve(Config config, Environment env, AppIdentity identity, boolean persist) {
        return resolve(config, env, identity, persist, ConsentScope.CURRENT);
    }

    static Resolution resolve(Config config, Environment env, AppIdentity identity, boolean persist, ConsentScope scope) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        String forcedBy = ForcedOff.cause(env, identity, warnings);
        TelemetryChoice option = config.telemetry();
        String optionText = "the option telemetry=" + config.get(Option.TELEMETRY).trim()
                + " (" + config.source(Option.TELEMETRY) + ")";
        if (forcedBy != null && option == TelemetryChoice.ENABLE) {
            errors.add("telemetry can't be enabled by " + optionText + ": it is forced off by " + forcedBy);
        }

        StateStore store = new StateStore(StateDirs.stateDir(config, env, identity));
        // Forced off touches nothing: the file is read (for the status) but never created or changed.
        boolean write = persist && forcedBy == null;
        StateStore.Stored stored = store.update(persisted -> {
            if (option == TelemetryChoice.ENABLE) {
                return new StateStore.Choice(TelemetryState.ENABLED, scope.schema());
            }
            if (option == TelemetryChoice.DISABLE) {
                return new StateStore.Choice(TelemetryState.DISABLED, 0);
            }
            return persisted; // an undecided option never erases a saved choice
        }, write);
        warnings.addAll(stored.warnings);

        boolean outdatedEnable = stored.choice == TelemetryState.ENABLED && !scope.covers(stored.schema);
        TelemetryState persisted = outdatedEnable ? null : stored.choice;
        TelemetryState state = decide(forcedBy, option, persisted);
        String renewal = null;
        boolean locked;
        String decidedBy;
        if (forcedBy != null) {
            locked = true;
            decidedBy = "forced off by " + forcedBy;
        } else if (option != TelemetryChoice.UNDECIDED) {
            locked = true;
            decidedBy = "set by " + optionText;
        } else if (persisted != null) {
            locked = false;
            decidedBy = "it was " + persisted.word() + " previously (" + store.file() + ")";
        } else if (outdatedEnable) {
            locked = false;
            renewal = scope.addedSince(stored.schema);
            decidedBy = "it was enabled for report schema " + stored.schema + " (" + store.file()
                    + "), and schema " + scope.schema() + " adds " + renewal
                    + "; a first report would be sent " + Durations.format(config.duration(Option.UNDECIDED_DELAY))
                    + " after start; to keep it on set telemetry=enable, to opt out set telemetry=disable or DO_NOT_TRACK=1";
        } else {
            locked = false;
            decidedBy = "no choice has been made; a first report would be sent "
                    + Durations.format(config.duration(Option.UNDECIDED_DELAY))
                    + " after start; to opt out set telemetry=disable or DO_NOT_TRACK=1";
        }
        return new Resolution(state, locked, decidedBy, stored.uuid, store.file().toString(), errors, warnings,
                scope.schema(), renewal, write);
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
