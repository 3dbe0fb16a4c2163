package dev.telemetry.agent.profile;

/**
 * When a described profile (a file, an extension) became the one in use, and why: its marker class,
 * or, without one, the first of its hooked classes to load. Written from class loading, read by the status.
 */
public final class Activation {
    private final String origin;
    private final String marker;
    private volatile String because;

    /** {@code marker} null: any class the profile is told about selects it. */
    public Activation(String origin, String marker) {
        this.origin = origin;
        this.marker = marker;
    }

    public void seen(String typeName) {
        if (because == null && (marker == null || marker.equals(typeName))) {
            because = marker == null ? "its hooked class " + typeName + " loaded" : "its marker class " + typeName + " loaded";
        }
    }

    public boolean active() {
        return because != null;
    }

    /** Where the profile was found, and what selected it. */
    public String chosenBecause() {
        return origin + "; " + (because != null ? because : "not selected yet");
    }
}
