package dev.telemetry.agent.profile.mongo;

import dev.telemetry.agent.profile.ClientSurface;
import dev.telemetry.agent.report.Notice;
import dev.telemetry.agent.report.VersionNotice;

import java.util.List;
import java.util.Map;

/**
 * Where a MongoDB client sees telemetry, the way FerretDB shows it: {@code serverStatus.freeMonitoring}
 * (the state and the version notice), a structured log entry in {@code getLog: "startupWarnings"}
 * (see {@link MongoLogLine}), and the {@code getFreeMonitoringStatus} /
 * {@code setFreeMonitoring} commands. Replies are built as the server's own {@code Document} class
 * (found through the request's document), so no mongo-java-server type is needed at compile time.
 */
final class MongoSurfaces {
    static final String GET = "getFreeMonitoringStatus";
    static final String SET = "setFreeMonitoring";
    static final String SERVER_ERROR = "de.bwaldvogel.mongo.exception.MongoServerError";
    /** The fields of serverStatus.freeMonitoring, in order (docs/agent.md, "On a MongoDB-compatible server"). */
    static final List<String> FREE_MONITORING_FIELDS = java.util.Arrays.asList(
            "state", "latestVersion", "updateAvailable", "securityUpdate", "updateInfo");

    private MongoSurfaces() {}

    /**
     * Null for every command but the two free-monitoring ones (decided by the name's length first, so
     * the usual case costs nothing); otherwise the reply, or the exception to throw.
     */
    static Object answer(Object command, Object query, ClientSurface surface) {
        if (!(command instanceof String)) {
            return null;
        }
        String c = (String) command;
        if (c.length() == GET.length() && c.equalsIgnoreCase(GET)) {
            Map<String, Object> reply = document(query);
            reply.put("state", surface.state());
            reply.put("message", "monitoring is " + surface.state());
            reply.put("ok", 1.0);
            return reply;
        }
        if (c.length() == SET.length() && c.equalsIgnoreCase(SET)) {
            Object action = query instanceof Map ? ((Map<?, ?>) query).get("action") : null;
            if (!(action instanceof String) || !(action.equals("enable") || action.equals("disable"))) {
                return error(query, 2, "BadValue", action instanceof String
                        ? "Enum value '" + shorten((String) action) + "' is not a valid action; expected enable or disable"
                        : "setFreeMonitoring needs the string field 'action': \"enable\" or \"disable\"");
            }
            if (surface.locked()) {
                return error(query, 50840, "Location50840", "Free Monitoring has been disabled via the command-line and/or config file");
            }
            String refused = surface.choose(action.equals("enable"));
            if (refused != null) {
                return error(query, 50840, "Location50840", refused);
            }
            Map<String, Object> reply = document(query);
            reply.put("ok", 1.0);
            return reply;
        }
        return null;
    }

    /**
     * Adds freeMonitoring to serverStatus (the state and, when the last reply said so, latestVersion,
     * updateAvailable, securityUpdate and updateInfo), and the startup notice to getLog's startupWarnings.
     */
    @SuppressWarnings("unchecked")
    static void decorate(String command, Object returned, ClientSurface surface) {
        if (!(returned instanceof Map)) {
            return;
        }
        Map<String, Object> reply = (Map<String, Object>) returned;
        if (command.equals("serverStatus")) {
            Map<String, Object> fm = document(returned);
            fm.put(FREE_MONITORING_FIELDS.get(0), surface.state());
            VersionNotice v = surface.versionNotice();
            if (v != null) {
                fm.put(FREE_MONITORING_FIELDS.get(1), v.latestVersion());
                fm.put(FREE_MONITORING_FIELDS.get(2), v.updateAvailable());
                fm.put(FREE_MONITORING_FIELDS.get(3), v.securityUpdate());
                String line = v.line();
                if (line != null) {
                    fm.put(FREE_MONITORING_FIELDS.get(4), line);
                }
            }
            reply.put("freeMonitoring", fm);
        } else if (command.equals("getLog") && reply.containsKey("totalLinesWritten") && reply.get("log") instanceof List) {
            // only the startupWarnings log has totalLinesWritten in this server
            Notice notice = surface.startupNotice();
            if (notice != null) {
                List<Object> log = (List<Object>) reply.get("log");
                log.add(MongoLogLine.startupWarning(notice));
                reply.put("totalLinesWritten", log.size());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(Object sameClassAs) {
        try {
            return (Map<String, Object>) sameClassAs.getClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot build a reply document", e);
        }
    }

    private static Throwable error(Object query, int code, String codeName, String message) {
        try {
            Class<?> type = Class.forName(SERVER_ERROR, false, query.getClass().getClassLoader());
            return (Throwable) type.getConstructor(int.class, String.class, String.class).newInstance(code, codeName, message);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new IllegalArgumentException(message);
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
