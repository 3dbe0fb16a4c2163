package dev.telemetry.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;

/**
 * What weaving a hooked class takes: the bridge, Byte Buddy and the class cache. Made by the first
 * hooked class that loads, or by the agent's start thread when it sets the bridge up, whichever
 * comes first; on the premain thread only after an attach or with {@code class-cache=false} (both
 * set Byte Buddy up at once). Loading these classes there would cost every host's start
 * milliseconds even when no hooked class ever loads.
 */
final class Weaving {
    final BridgeSetup bridge;
    final Weaver weaver;
    /** Null when the class cache is off. */
    final ClassCache cache;

    Weaving(Instrumentation inst, HookTable table, Path cacheRoot) {
        bridge = new BridgeSetup(inst, table);
        weaver = new Weaver();
        cache = cacheRoot == null ? null : new ClassCache(cacheRoot, table.description());
    }
}
