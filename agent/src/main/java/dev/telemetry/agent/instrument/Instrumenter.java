package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Profile;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Installs the hooks: a name filter in front of every class load ({@link TypeFilter}), the woven
 * classes of earlier starts ({@link ClassCache}), and Byte Buddy only for a class the cache does not
 * hold ({@link Weaver}). Types are matched by exact name, wildcard or from the class file's header,
 * never by walking every loaded class's hierarchy. Nothing here loads a Byte Buddy class.
 */
public final class Instrumenter {
    private static volatile ClassCache cache;

    private Instrumenter() {}

    /**
     * Returns when the filter is in place. {@code stateDir} null: no class cache, and Byte Buddy is
     * set up at once on a daemon thread (as a class may need it soon). With {@code wait} (attach),
     * returns once the classes loaded before the attach are retransformed.
     */
    public static void install(Instrumentation inst, List<Profile> profiles, boolean wait, Path stateDir) {
        HookTable table = new HookTable(profiles);
        if (table.isEmpty()) {
            return; // nothing to time: Byte Buddy is never loaded
        }
        // The recorder must know every site before the first instrumented call can happen: no woven
        // class is handed over before the bridge and its recorder are in place.
        BridgeSetup bridge = new BridgeSetup(inst, table);
        ClassCache classes = stateDir == null ? null : new ClassCache(stateDir.resolve(ClassCache.DIRECTORY), table.description());
        cache = classes;
        Weaver weaver = new Weaver();
        inst.addTransformer(new TypeFilter(table, weaver, classes, bridge), true);
        if (wait) {
            bridge.run();
            weaver.get();
            retransformLoaded(inst, table); // after an attach: the classes loaded before it
        } else {
            bridge.start();
            if (classes == null) {
                weaver.warmUp();
            }
        }
    }

    /**
     * Called once the state is known: the cache writes only while telemetry may be on (off writes
     * nothing), and reads stay allowed either way.
     */
    public static void stateKnown(boolean mayWrite) {
        ClassCache c = cache;
        if (c != null) {
            c.allowWrites(mayWrite);
        }
    }

    /**
     * Classes that were loaded before the filter was in place (after an attach): retransformed now.
     * Named classes by name; with pattern hooks, every modifiable loaded class is looked at once,
     * by its name and its loaded super types.
     */
    private static void retransformLoaded(Instrumentation inst, HookTable table) {
        Set<String> names = table.namedTypes();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            boolean concerned = names.contains(type.getName().replace('.', '/'))
                    || (table.hasPatterns() && !type.isArray() && !type.isPrimitive() && !table.hooks(type).isEmpty());
            if (concerned && inst.isModifiableClass(type)) {
                try {
                    inst.retransformClasses(type);
                } catch (Throwable e) {
                    AgentLog.warn("could not instrument " + type.getName() + " (" + e + "); it runs unchanged");
                }
            }
        }
    }
}
