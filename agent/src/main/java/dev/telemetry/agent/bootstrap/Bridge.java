package dev.telemetry.agent.bootstrap;

/**
 * The one class that advice inlined into host classes calls. It is put on the bootstrap class path at
 * startup so a dispatch class in any class loader can reach it, and it references JDK types only.
 * Before the agent has started (or when it could not), the recorder is null and calls do nothing.
 */
public final class Bridge {
    /** What {@link #enter} returns for a call inside a call of the same hook: not counted again. */
    public static final long NESTED = Long.MIN_VALUE;

    private static volatile Recorder recorder;

    private Bridge() {}

    public static void install(Recorder r) {
        recorder = r;
    }

    /** Called from the enter advice of overridable hooks. Never throws; null means "run the method". */
    public static Object override(int site, Object command, Object argument) {
        Recorder r = recorder;
        if (r != null) {
            try {
                return r.override(site, command, argument);
            } catch (Throwable ignored) {
                // run the host's method as if we were not here
            }
        }
        return null;
    }

    /** Called from the exit advice. Never throws. */
    public static void record(int site, Object command, long startNanos, Throwable thrown, Object returned) {
        Recorder r = recorder;
        if (r != null) {
            try {
                r.record(site, command, startNanos, thrown, returned);
            } catch (Throwable ignored) {
                // the host must never see the agent's failure
            }
        }
    }

    /** Called from the enter advice of framed hooks. Never throws. */
    public static long enter(int site) {
        Recorder r = recorder;
        if (r != null) {
            try {
                return r.enter(site);
            } catch (Throwable ignored) {
                // counted as not started: the exit is ignored too
            }
        }
        return NESTED;
    }

    /** Called from the exit advice of framed hooks. Never throws. */
    public static void exit(int site, Object self, Class<?> type, Object argument, Object resultArgument, String method,
                            long startNanos, Throwable thrown, Object returned) {
        Recorder r = recorder;
        if (r != null) {
            try {
                r.exit(site, self, type, argument, resultArgument, method, startNanos, thrown, returned);
            } catch (Throwable ignored) {
                // the host must never see the agent's failure
            }
        }
    }

    /** Called from the enter advice of reply methods whose code is a primitive argument. Never throws. */
    public static void replyNumber(int site, long code) {
        Recorder r = recorder;
        if (r != null) {
            try {
                r.replyNumber(site, code);
            } catch (Throwable ignored) {
                // the host must never see the agent's failure
            }
        }
    }

    /** Called from the enter advice of reply methods. Never throws. */
    public static void reply(int site, Object self, Object argument) {
        Recorder r = recorder;
        if (r != null) {
            try {
                r.reply(site, self, argument);
            } catch (Throwable ignored) {
                // the host must never see the agent's failure
            }
        }
    }
}
