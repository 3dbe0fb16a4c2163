package dev.telemetry.agent.state;

import java.time.Instant;
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
    private final int schema;
    private final String renewal;
    private final boolean saves;
    private final Instant at = Instant.now();

    Resolution(TelemetryState state, boolean locked, String decidedBy, UUID uuid, String stateFile,
               List<String> errors, List<String> warnings, int schema, String renewal, boolean saves) {
        this.state = state;
        this.locked = locked;
        this.decidedBy = decidedBy;
        this.uuid = uuid;
        this.stateFile = stateFile;
        this.errors = Collections.unmodifiableList(errors);
        this.warnings = Collections.unmodifiableList(warnings);
        this.schema = schema;
        this.renewal = renewal;
        this.saves = saves;
    }

    /** The safe state after a configuration error: off for this run, nothing persisted. */
    public static Resolution configurationError(String message) {
        return new Resolution(TelemetryState.DISABLED, true, "a configuration error (" + message + ")",
                null, null, Collections.singletonList("configuration error: " + message
                        + "; telemetry is disabled for this run"), Collections.emptyList(), 0, null, false);
    }

    public TelemetryState state() { return state; }
    public boolean locked() { return locked; }
    /** A phrase that completes "telemetry is X: ..."; see docs/agent.md, "Log lines". */
    public String decidedBy() { return decidedBy; }
    /** The installation UUID; null after a configuration error. */
    public UUID uuid() { return uuid; }
    /** The state file's path, or null when there is none. */
    public String stateFile() { return stateFile; }
    public List<String> errors() { return errors; }
    public List<String> warnings() { return warnings; }
    /** The report schema version of this agent: what an enable made now is recorded for. */
    public int schema() { return schema; }
    /**
     * When an earlier enable no longer decides because the reports now hold new kinds of data:
     * what is new, in words; else null.
     */
    public String renewal() { return renewal; }
    /** False when nothing may be written (forced off, a configuration error, a read-only look). */
    public boolean saves() { return saves; }
    /** When the state was resolved (the agent's start). */
    public Instant at() { return at; }

    /** The startup line. */
    public String summary() {
        return "telemetry is " + state.word() + ": " + decidedBy;
    }
}
