package dev.telemetry.agent.state;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** The outcome of resolving the state: what it is, whether it may change, and why. Immutable. */
public final class Resolution {
    private final TelemetryState state;
    private final boolean locked;
    private final String decidedBy;
    private final UUID uuid;
    private final String stateFile;
    private final List<String> errors;
    private final List<String> warnings;

    Resolution(TelemetryState state, boolean locked, String decidedBy, UUID uuid, String stateFile,
               List<String> errors, List<String> warnings) {
        this.state = state;
        this.locked = locked;
        this.decidedBy = decidedBy;
        this.uuid = uuid;
        this.stateFile = stateFile;
        this.errors = Collections.unmodifiableList(errors);
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** The safe state after a configuration error: off for this run, nothing persisted. */
    public static Resolution configurationError(String message) {
        return new Resolution(TelemetryState.DISABLED, true, "a configuration error (" + message + ")",
                null, null, Collections.singletonList("configuration error: " + message
                        + "; telemetry is disabled for this run"), Collections.emptyList());
    }

    public TelemetryState state() { return state; }
    public boolean locked() { return locked; }
    /** A phrase that completes "telemetry is X: ..."; see README "Log lines". */
    public String decidedBy() { return decidedBy; }
    /** The installation UUID; null after a configuration error. */
    public UUID uuid() { return uuid; }
    /** The state file's path, or null when there is none. */
    public String stateFile() { return stateFile; }
    public List<String> errors() { return errors; }
    public List<String> warnings() { return warnings; }

    /** The startup line. */
    public String summary() {
        return "telemetry is " + state.word() + ": " + decidedBy;
    }
}
