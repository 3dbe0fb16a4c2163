package dev.telemetry.agent.config;

/** A configuration mistake. The message is the one error line the user sees. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
