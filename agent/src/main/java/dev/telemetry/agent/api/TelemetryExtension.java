package dev.telemetry.agent.api;

/**
 * An extension: Java code for what a profile file cannot say (a command in a shape no path reaches,
 * an error learned later on another thread). Version {@value ExtensionContext#API_VERSION} of the
 * API. An implementation has a public no-argument constructor and is named in its jar's manifest
 * ({@code Telemetry-Extension: com.example.MyExtension}); see docs/profiles.md.
 * <p>
 * The agent validates and caps every name an extension returns, catches and counts every exception it
 * throws, and never lets one reach the host.
 */
public interface TelemetryExtension {
    /** A short name for logs and the status (letters, digits, {@code . _ -}). */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Called once when the agent starts, before any hooked class can load: describe hooks here.
     * An exception drops this extension (with one line naming it); other extensions and profiles
     * keep working.
     */
    void start(ExtensionContext context) throws Exception;
}
