package dev.telemetry.agent.report;

import dev.telemetry.agent.log.AgentLog;

import java.time.Instant;
import java.util.Locale;

/**
 * The latest reply's version information, shown in logs, JMX and the profile's status surfaces.
 * Graded: a security update is told at the higher severity.
 */
public final class VersionNotice {
    private final java.util.function.Supplier<String> currentVersion;
    private volatile Reply reply = Reply.EMPTY;
    private volatile String lastLogged;
    private volatile Instant since = Instant.now();

    /** The current version is asked for when needed: a profile may learn it only once its classes load. */
    public VersionNotice(java.util.function.Supplier<String> currentVersion) {
        this.currentVersion = currentVersion;
    }

    /** Takes a new reply; logs the notice once each time it changes (a security update at ERROR). */
    public void update(Reply r) {
        reply = r;
        String line = line();
        if (line != null && !line.equals(lastLogged)) {
            since = Instant.now();
            if (securityUpdate()) {
                AgentLog.error(line);
            } else {
                AgentLog.warn(line);
            }
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
        String info = r.updateInfo == null ? "" : r.updateInfo;
        if (r.securityUpdate) {
            if (info.toLowerCase(Locale.ROOT).contains("security update")) {
                return info;
            }
            return "A security update is available! The latest version: " + r.latestVersion
                    + ". The current version: " + currentVersion.get() + "." + (info.isEmpty() ? "" : " " + info);
        }
        if (!info.isEmpty()) {
            return info;
        }
        if (r.updateAvailable) {
            return "A new version is available! The latest version: " + r.latestVersion
                    + ". The current version: " + currentVersion.get() + ".";
        }
        return null;
    }

    /** The notice as shown to a server's users, or null. */
    public Notice notice() {
        String line = line();
        if (line == null) {
            return null;
        }
        return new Notice(securityUpdate() ? Notice.Kind.SECURITY_UPDATE : Notice.Kind.UPDATE_AVAILABLE, line, since);
    }

    /** True when the last reply said anything about versions (so the status surfaces show it). */
    public boolean known() {
        Reply r = reply;
        return r.latestVersion != null && !r.latestVersion.isEmpty() || line() != null;
    }

    public String latestVersion() { return reply.latestVersion == null ? "" : reply.latestVersion; }
    public String updateInfo() { return reply.updateInfo == null ? "" : reply.updateInfo; }
    public boolean updateAvailable() { return reply.updateAvailable; }
    public boolean securityUpdate() { return reply.securityUpdate; }
}
