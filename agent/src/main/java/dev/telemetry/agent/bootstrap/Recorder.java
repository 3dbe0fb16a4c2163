package dev.telemetry.agent.bootstrap;

/**
 * What the bridge calls. Lives on the bootstrap class path beside {@link Bridge}; the agent's
 * implementation (loaded by the agent's class loader) extends it. JDK types only.
 */
public abstract class Recorder {
    /**
     * One dispatch ended. Called on the host's thread: must not block, do I/O or (on the success
     * path) allocate.
     */
    public abstract void record(int site, Object command, long startNanos, Throwable thrown, Object returned);

    /**
     * Before an overridable dispatch runs: null to let it run (the usual answer, decided without
     * allocating), or the reply to return instead, or a Throwable to throw instead.
     */
    public abstract Object override(int site, Object command, Object argument);

    /**
     * A framed dispatch starts (hooks with a reply site, or that time several classes): the start
     * time, or {@link Bridge#NESTED} when the same hook is already running on this thread (an
     * implementation calling its super), so that one dispatch counts once.
     */
    public long enter(int site) {
        return System.nanoTime();
    }

    /** A framed dispatch ends; every enter is matched by one exit. */
    public void exit(int site, Object self, Class<?> type, Object argument, Object resultArgument, String method,
                     long startNanos, Throwable thrown, Object returned) {
    }

    /** A reply method was called: within a dispatch of its hook on this thread, its code is kept. */
    public void reply(int site, Object self, Object argument) {
    }

    /** Like {@link #reply}, for a reply method whose code is a primitive argument (never boxed). */
    public void replyNumber(int site, long code) {
    }
}
