package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Profile;

import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Installs the hooks: a name filter in front of every class load ({@link TypeFilter}), the woven
 * classes of earlier starts ({@link ClassCache}), and Byte Buddy only for a class the cache does not
 * hold ({@link Weaver}). Types are matched by exact name, wildcard or from the class file's header,
 * never by walking every loaded class's hierarchy. Nothing here loads a Byte Buddy class.
 */
public final class Instrumenter {
    /** When the agent's start thread runs {@link #install}'s setup (a hooked class loading earlier runs it itself). */
    public static final long SETUP_DELAY_MILLIS = BridgeSetup.SOON;

    private static volatile TypeFilter filter;

    private Instrumenter() {}

    /**
     * Returns when the filter is in place, with the setup the agent's own thread must run soon (the
     * bridge), or null when there is none. {@code expected}: the internal names of every class the
     * profiles can hook or watch, known before they are built; the hook table (and the profiles) are
     * then made when one of those classes loads or the setup runs. Null: made now. {@code stateDir}
     * null: no class cache, and Byte Buddy is set up at once on a daemon thread (as a class may need
     * it soon). With {@code attached}, returns once the classes loaded before the attach are
     * retransformed. The rest is made when first needed ({@link Weaving}).
     */
    public static Runnable install(Instrumentation inst, Callable<List<Profile>> profiles, String[] expected, boolean attached,
                                   Path stateDir) throws Exception {
        Path cacheRoot = stateDir == null ? null : stateDir.resolve(ClassCache.DIRECTORY);
        TypeFilter f;
        if (expected == null) {
            HookTable table = new HookTable(profiles.call());
            if (table.isEmpty()) {
                return null; // nothing to time: Byte Buddy is never loaded
            }
            f = new TypeFilter(inst, table, cacheRoot);
        } else {
            f = new TypeFilter(inst, expected, profiles, cacheRoot);
        }
        // The recorder must know every site before the first instrumented call can happen: no woven
        // class is handed over before the bridge and its recorder are in place.
        filter = f;
        // Retransformation only after an attach: a transformer that may retransform makes the JVM keep a
        // copy of every class file loaded from then on. A class woven at load keeps its advice when
        // another agent retransforms it (the JVM starts from the bytes we returned).
        inst.addTransformer(f, attached);
        if (attached) {
            Weaving w = f.weaving();
            w.bridge.run();
            w.weaver.setUp();
            retransformLoaded(inst, f.table()); // the classes loaded before the attach
            return null;
        }
        if (stateDir == null) {
            f.weaving().weaver.warmUp();
        }
        return f;
    }

    /**
     * Called once the state is known: the cache writes only while telemetry may be on (off writes
     * nothing), and reads stay allowed either way.
     */
    public static void stateKnown(boolean mayWrite) {
        TypeFilter f = filter;
        if (f != null) {
            f.allowCacheWrites(mayWrite);
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
