package dev.telemetry.agent.state;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state while the process runs: resolved once at start, then changed only through
 * {@link #choose}, which refuses when locked, persists the choice and tells the listeners (the
 * reporter wakes, the version notice clears).
 */
public final class TelemetryControl {
    /** Told after every change; called on the thread that made it. */
    public interface Listener {
        void stateChanged(TelemetryState state);
    }

    private final Resolution resolution;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile TelemetryState state;
    private volatile String decidedBy;

    public TelemetryControl(Resolution resolution) {
        this.resolution = resolution;
        this.state = resolution.state();
        this.decidedBy = resolution.decidedBy();
    }

    public TelemetryState state() { return state; }
    public boolean locked() { return resolution.locked(); }
    public String decidedBy() { return decidedBy; }
    public UUID uuid() { return resolution.uuid(); }
    public String stateFile() { return resolution.stateFile(); }
    public Resolution resolution() { return resolution; }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * Changes the state at runtime (JMX, CLI, a client command).
     *
     * @param via how the user asked, for the log and {@link #decidedBy()}, e.g. "JMX"
     * @return null when done, else why it was refused
     */
    public synchronized String choose(TelemetryState newState, String via) {
        if (newState == TelemetryState.UNDECIDED) {
            return "the state can only be set to enabled or disabled";
        }
        if (locked()) {
            return "telemetry is locked for this run: " + decidedBy;
        }
        if (resolution.saves() && resolution.stateFile() != null && resolution.uuid() != null) {
            try {
                new StateStore(Paths.get(resolution.stateFile()).getParent())
                        .save(resolution.uuid(), new StateStore.Choice(newState, resolution.schema()));
            } catch (IOException | RuntimeException e) {
                // still honoured for this run; the user is told by the caller's log line
                decidedBy = "set by " + via + " while running (not saved: " + e.getMessage() + ")";
                state = newState;
                notifyListeners(newState);
                return null;
            }
        }
        state = newState;
        decidedBy = "set by " + via + " while running";
        notifyListeners(newState);
        return null;
    }

    private void notifyListeners(TelemetryState s) {
        for (Listener l : listeners) {
            try {
                l.stateChanged(s);
            } catch (RuntimeException ignored) {
                // one listener's failure must not stop the others
            }
        }
    }
}
