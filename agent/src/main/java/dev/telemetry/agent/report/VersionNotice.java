package dev.telemetry.agent.report;

import dev.telemetry.agent.log.AgentLog;

/** The latest reply's version information, shown in logs, JMX and the profile's status surfaces. */
public final class VersionNotice {
    private final java.util.function.Supplier<String> currentVersion;
    private volatile Reply reply = Reply.EMPTY;
    private volatile String lastLogged;

    /** The current version is asked for when needed: a profile may learn it only once its classes load. */
    public VersionNotice(java.util.function.Supplier<String> currentVersion) {
        this.currentVersion = currentVersion;
    }

    /** Takes a new reply; logs the notice once each time it changes. */
    public void update(Reply r) {
        reply = r;
        String line = line();
        if (line != null && !line.equals(lastLogged)) {
            AgentLog.warn(line);
        }
        lastLogged = line;
    }

    /** Disabling telemetry forgets what the service said. */
    public void clear() {
        reply = Reply.EMPTY;
        lastLogged = null;
    }

    /** The notice line, or null when there is nothing to tell. */
    public String line() {
        Reply r = reply;
        if (r.updateInfo != null && !r.updateInfo.isEmpty()) {
            return r.updateInfo;
        }
        if (r.updateAvailable) {
            return "A new version is available! The latest version: " + r.latestVersion
                    + ". The current version: " + currentVersion.get() + ".";
        }
        return null;
    }

    public String latestVersion() { return reply.latestVersion == null ? "" : reply.latestVersion; }
    public String updateInfo() { return reply.updateInfo == null ? "" : reply.updateInfo; }
    public boolean updateAvailable() { return reply.updateAvailable; }
}
