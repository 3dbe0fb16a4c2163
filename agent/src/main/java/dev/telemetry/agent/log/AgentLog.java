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

    // Levels as numbers, not an enum: an enum is one more class to load on the premain thread, which sets the level.
    private static final int DEBUG = 0;
    private static final int INFO = 1;
    private static final int WARN = 2;
    private static final int ERROR = 3;
    private static final int OFF = 4;
    /** Indexed by level; also what a line says. */
    private static final String[] NAMES = {"DEBUG", "INFO", "WARN", "ERROR", "OFF"};

    private static volatile int threshold = INFO;

    private AgentLog() {}

    /** {@code debug|info|warn|off} (or {@code error}); errors are shown unless the level is off. */
    public static void setLevel(String level) {
        String wanted = level.trim().toUpperCase(Locale.ROOT);
        for (int l = DEBUG; l <= OFF; l++) {
            if (NAMES[l].equals(wanted)) {
                threshold = l;
                return;
            }
        }
        throw new IllegalArgumentException("unknown log level: " + level);
    }

    public static void debug(String message) { log(DEBUG, message); }
    public static void info(String message) { log(INFO, message); }
    public static void warn(String message) { log(WARN, message); }
    public static void error(String message) { log(ERROR, message); }

    private static void log(int level, String message) {
        int t = threshold;
        if (t == OFF || level < t) {
            return;
        }
        PrintStream err = System.err;
        err.println(PREFIX + NAMES[level] + " " + message);
    }
}
