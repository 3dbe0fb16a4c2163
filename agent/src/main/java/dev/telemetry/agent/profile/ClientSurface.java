package dev.telemetry.agent.profile;

/**
 * What a profile may show to, and take from, the server's own clients: the state, the startup
 * warning line, and a runtime choice. Implemented over the agent's status object.
 */
public interface ClientSurface {
    /** enabled, disabled or undecided. */
    String state();

    /** The line for the server's startup warnings, or null. */
    String startupWarning();

    boolean locked();

    /** Changes the state; null when done, else why it was refused. */
    String choose(boolean enable);
}
