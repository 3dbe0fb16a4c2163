package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;

/**
 * A setup that runs once, on whichever thread needs it first, while others wait for it at most
 * {@link #WAIT_MILLIS}. It runs outside any lock, and the thread running it never waits for itself
 * (a class it loads may pass through the transformer again): a host thread that loads a class while
 * holding its class loader's lock can then never deadlock with the agent's thread; at worst its
 * class loads unchanged.
 */
abstract class OnceSetup {
    static final long WAIT_MILLIS = 30_000;

    private final String what;
    private Thread running;
    private boolean done;
    private boolean ready;

    OnceSetup(String what) {
        this.what = what;
    }

    /** The work; true when it succeeded. */
    abstract boolean setUp() throws Exception;

    final boolean ensure() {
        synchronized (this) {
            if (done) {
                return ready;
            }
            if (running != null) {
                if (running == Thread.currentThread()) {
                    return false; // re-entered by the setup's own class loading
                }
                long until = System.currentTimeMillis() + WAIT_MILLIS;
                try {
                    while (!done && System.currentTimeMillis() < until) {
                        wait(Math.max(1, until - System.currentTimeMillis()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ready;
            }
            running = Thread.currentThread();
        }
        boolean ok = false;
        try {
            ok = setUp();
        } catch (Throwable e) {
            AgentLog.warn("could not set up " + what + " (" + e + "); nothing is timed");
        } finally {
            synchronized (this) {
                ready = ok;
                done = true;
                running = null;
                notifyAll();
            }
        }
        return ok;
    }
}
