package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;

/**
 * Byte Buddy, set up on first need: loading its classes takes about half a second on a small
 * machine, and a start whose classes all come from the {@link ClassCache} never needs it. Without a
 * cache it is set up at once on a daemon thread ({@link #warmUp}), in parallel with the host.
 */
final class Weaver {
    private AdviceTransformer transformer;
    private Throwable failed;

    /** The transformer, set up by the calling thread if nobody has yet; null if it cannot be. */
    synchronized AdviceTransformer get() {
        if (transformer == null && failed == null) {
            try {
                transformer = new AdviceTransformer();
            } catch (Throwable e) {
                failed = e;
                AgentLog.warn("could not set up instrumentation (" + e + "); nothing is timed");
            }
        }
        return transformer;
    }

    void warmUp() {
        Thread t = new Thread(new Runnable() { // not a lambda: premain starts it, before any lambda is set up
            @Override
            public void run() {
                get();
            }
        }, "telemetry-agent-instrument");
        t.setDaemon(true);
        t.start();
    }
}
