package dev.telemetry.agent.instrument;

import dev.telemetry.agent.profile.Hook;

import java.util.ArrayList;
import java.util.List;

/**
 * Byte Buddy, set up on first need: loading its classes takes about half a second on a small
 * machine, and a start whose classes all come from the {@link ClassCache} never needs it (nor reads
 * the nested archive it comes in: {@link WeaveLoader}). Without a cache it is set up at once on a
 * daemon thread ({@link #warmUp}), in parallel with the host.
 */
final class Weaver {
    private volatile ClassWeaver weaver;
    private final OnceSetup once = new OnceSetup("instrumentation") {
        @Override
        boolean setUp() throws Exception {
            weaver = WeaveLoader.weaver();
            return true;
        }
    };

    /**
     * The class woven with its hooks, Byte Buddy set up by the calling thread if nobody has yet (a
     * bounded wait otherwise); null when it fails or cannot be set up (the class then loads as it is).
     */
    Woven weave(ClassLoader loader, String name, byte[] bytes, List<HookTable.Entry> hooks) {
        if (!once.ensure()) {
            return null;
        }
        List<Hook> described = new ArrayList<>(hooks.size());
        int[] sites = new int[hooks.size()];
        for (int i = 0; i < sites.length; i++) {
            described.add(hooks.get(i).hook);
            sites[i] = hooks.get(i).site;
        }
        return weaver.weave(loader, name, bytes, described, sites);
    }

    /** Byte Buddy set up on this thread, if nobody has yet (attach: before the classes loaded before it are retransformed). */
    void setUp() {
        once.ensure();
    }

    void warmUp() {
        Thread t = new Thread(new Runnable() { // not a lambda: premain starts it, before any lambda is set up
            @Override
            public void run() {
                once.ensure();
            }
        }, "telemetry-agent-instrument");
        t.setDaemon(true);
        t.start();
    }
}
