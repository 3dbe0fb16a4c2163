package dev.telemetry.agent.instrument;

/**
 * Byte Buddy, set up on first need: loading its classes takes about half a second on a small
 * machine, and a start whose classes all come from the {@link ClassCache} never needs it. Without a
 * cache it is set up at once on a daemon thread ({@link #warmUp}), in parallel with the host.
 */
final class Weaver {
    private volatile AdviceTransformer transformer;
    private final OnceSetup once = new OnceSetup("instrumentation") {
        @Override
        boolean setUp() {
            transformer = new AdviceTransformer();
            return true;
        }
    };

    /** The transformer, set up by the calling thread if nobody has yet (bounded wait otherwise); null if it cannot be. */
    AdviceTransformer get() {
        return once.ensure() ? transformer : null;
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
