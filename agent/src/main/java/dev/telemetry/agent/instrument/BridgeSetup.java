package dev.telemetry.agent.instrument;


import java.lang.instrument.Instrumentation;

/**
 * Puts the bridge into the bootstrap class loader and the recorder behind it, off the premain thread:
 * defining classes there takes the JDK's module and lambda machinery, tens of milliseconds. The
 * agent's start thread does it {@link #SOON} after start (a host that exits before then never pays
 * for it), or the first hooked class that loads earlier does. No woven class is handed to the JVM
 * before this is done ({@link #ensure}), so woven code always finds the one bridge and its recorder.
 * This class names no bridge type: verifying it would load them, through the wrong loader, before
 * they are injected.
 */
final class BridgeSetup implements Runnable {
    /** When the start thread sets the bridge up, unless a hooked class needed it earlier. */
    static final long SOON = 100;

    private final Instrumentation inst;
    private final HookTable table;
    private final OnceSetup once = new OnceSetup("the agent's bridge") {
        @Override
        boolean setUp() throws Exception {
            BootstrapInjector.inject(inst);
            DispatchRecorder.install(table); // loads the recorder's classes only now, through the boot loader
            return true;
        }
    };

    BridgeSetup(Instrumentation inst, HookTable table) {
        this.inst = inst;
        this.table = table;
    }

    @Override
    public void run() {
        ensure();
    }

    /** True once woven code can run (see {@link OnceSetup}: bounded, never re-entered). */
    boolean ensure() {
        return once.ensure();
    }
}
