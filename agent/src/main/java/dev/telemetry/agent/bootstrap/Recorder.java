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
}
