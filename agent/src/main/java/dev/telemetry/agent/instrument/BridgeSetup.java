package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;

/**
 * Puts the bridge into the bootstrap class loader and the recorder behind it, first thing on the
 * agent's start thread: defining classes there takes the JDK's module and lambda machinery, tens of milliseconds
 * the premain thread need not spend. No woven class is handed to the JVM before this is done
 * ({@link #await}), so woven code always finds the one bridge and its recorder. This class names no
 * bridge type: verifying it would load them, through the wrong loader, before they are injected.
 */
final class BridgeSetup implements Runnable {
    static final long WAIT_MILLIS = 30_000;

    private final Instrumentation inst;
    private final HookTable table;
    private boolean done;
    private volatile boolean ready;

    BridgeSetup(Instrumentation inst, HookTable table) {
        this.inst = inst;
        this.table = table;
    }

    @Override
    public void run() {
        try {
            BootstrapInjector.inject(inst);
            DispatchRecorder.install(table); // loads the recorder's classes only now, through the boot loader
            ready = true;
        } catch (Throwable e) {
            AgentLog.warn("could not set up the agent's bridge (" + e + "); nothing is timed");
        } finally {
            synchronized (this) {
                done = true;
                notifyAll();
            }
        }
    }

    /** True once woven code can run; waits for the setup (at most {@link #WAIT_MILLIS}) if a hooked class loads that early. */
    boolean await() throws InterruptedException {
        if (ready) {
            return true;
        }
        long until = System.currentTimeMillis() + WAIT_MILLIS;
        synchronized (this) {
            while (!done && System.currentTimeMillis() < until) {
                wait(Math.max(1, until - System.currentTimeMillis()));
            }
        }
        return ready;
    }
}
