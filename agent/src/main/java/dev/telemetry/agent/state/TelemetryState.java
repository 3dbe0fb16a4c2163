package dev.telemetry.agent.state;

import java.util.Locale;

/** The three states of the reference page. */
public enum TelemetryState {
    ENABLED, DISABLED, UNDECIDED;

    /** The spelling used in files, logs and reports. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TelemetryState fromWord(String word) {
        for (TelemetryState s : values()) {
            if (s.word().equals(word)) {
                return s;
            }
        }
        return null;
    }
}
