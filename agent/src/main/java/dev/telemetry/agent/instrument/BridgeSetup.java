package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;

import java.lang.instrument.Instrumentation;

/**
 * Puts the bridge into the bootstrap class loader and the recorder behind it, off the premain thread:
 * defining classes there takes the JDK's module and lambda machinery, tens of milliseconds. The
 * agent's start thread does it {@link #SOON} after start (a host that exits before then never pays
 * for it), or the first hooked class that loads earlier does. No woven class is handed to the JVM
 * before this is done ({@link #ensure}), so woven code always finds the one bridge and its recorder. This class names no
 * bridge type: verifying it would load them, through the wrong loader, before they are injected.
 */
final class BridgeSetup implements Runnable {
    /** When the start thread sets the bridge up, unless a hooked class needed it earlier. */
    static final long SOON = 100;

    private final Instrumentation inst;
    private final HookTable table;
    private boolean done;
    private boolean ready;

    BridgeSetup(Instrumentation inst, HookTable table) {
        this.inst = inst;
        this.table = table;
    }

    @Override
    public void run() {
        ensure();
    }

    /**
     * Sets the bridge up unless that is done: called by the agent's start thread a moment after start,
     * or by the first hooked class that loads before then. True once woven code can run.
     */
    synchronized boolean ensure() {
        if (!done) {
            done = true;
            try {
                BootstrapInjector.inject(inst);
                DispatchRecorder.install(table); // loads the recorder's classes only now, through the boot loader
                ready = true;
            } catch (Throwable e) {
                AgentLog.warn("could not set up the agent's bridge (" + e + "); nothing is timed");
            }
        }
        return ready;
    }
}
