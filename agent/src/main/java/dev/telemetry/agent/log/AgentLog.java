package dev.telemetry.agent.log;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The agent's log: plain lines on stderr with a recognisable prefix. Deliberately not
 * java.util.logging or the host's framework: initialising either from premain breaks application
 * servers that install their own LogManager later.
 */
public final class AgentLog {
    public static final String PREFIX = "[telemetry-agent] ";

    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static volatile Level threshold = Level.INFO;

    private AgentLog() {}

    /** {@code debug|info|warn|off}; errors are shown unless the level is off. */
    public static void setLevel(String level) {
        // not Level.valueOf: its first call builds the enum's name table through reflection
        String wanted = level.trim().toUpperCase(Locale.ROOT);
        for (Level l : Level.values()) {
            if (l.name().equals(wanted)) {
                threshold = l;
                return;
            }
        }
        throw new IllegalArgumentException("unknown log level: " + level);
    }

    public static void debug(String message) { log(Level.DEBUG, message); }
    public static void info(String message) { log(Level.INFO, message); }
    public static void warn(String message) { log(Level.WARN, message); }
    public static void error(String message) { log(Level.ERROR, message); }

    private static void log(Level level, String message) {
        Level t = threshold;
        if (t == Level.OFF || level.ordinal() < t.ordinal()) {
            return;
        }
        PrintStream err = System.err;
        err.println(PREFIX + level + " " + message);
    }
}
