package dev.telemetry.agent.profile;

import dev.telemetry.agent.report.Notice;
import dev.telemetry.agent.report.VersionNotice;

/**
 * What a profile may show to, and take from, the server's own clients: the state, the startup
 * warning line, and a runtime choice. Implemented over the agent's status object.
 */
public interface ClientSurface {
    /** enabled, disabled or undecided. */
    String state();

    /** The notice for the server's startup warnings, or null. */
    Notice startupNotice();

    /** The last reply's version information, or null when there is none to show. */
    VersionNotice versionNotice();

    boolean locked();

    /** Changes the state; null when done, else why it was refused. */
    String choose(boolean enable);
}
