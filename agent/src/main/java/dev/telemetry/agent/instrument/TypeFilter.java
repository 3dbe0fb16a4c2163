package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Sees every class the JVM loads and lets only the hooked ones be woven. A named hook costs a set
 * lookup per class; a subtype or wildcard hook reads the class file's header (no class is loaded).
 * A hooked class comes from the {@link ClassCache} when an earlier start wove the very same bytes
 * with the very same hooks; otherwise Byte Buddy weaves it ({@link Weaver}) and the result is kept.
 * A class being retransformed (after an attach) is always woven afresh. What weaving takes is made
 * on first need ({@link Weaving}), and so may the hook table be: until a class of an expected name
 * loads (or the start thread's early bridge setup, {@link #run}, needs it), the names are enough.
 */
final class TypeFilter implements ClassFileTransformer, Runnable {
    static final String OWN_PACKAGE = "dev/telemetry/agent/";

    private final Instrumentation inst;
    private volatile HookTable table;
    /** Before the table is made: the only classes it can concern (internal names); null when made at once. */
    private final Set<String> expected;
    private final Callable<List<Profile>> profiles;
    private final Path cacheRoot;
    private volatile Weaving weaving;
    /** The state's verdict on cache writes once known (null before), for a cache made later; guarded by this. */
    private Boolean cacheWrites;

    /** {@code cacheRoot} null: no class cache. */
    TypeFilter(Instrumentation inst, HookTable table, Path cacheRoot) {
        this.inst = inst;
        this.table = table;
        this.expected = null;
        this.profiles = null;
        this.cacheRoot = cacheRoot;
    }

    /** The table made from {@code profiles} on first need; only classes named in {@code expected} can need it. */
    TypeFilter(Instrumentation inst, String[] expected, Callable<List<Profile>> profiles, Path cacheRoot) {
        this.inst = inst;
        this.expected = new HashSet<>(Arrays.asList(expected));
        this.profiles = profiles;
        this.cacheRoot = cacheRoot;
    }

    /** Made once (the profiles are built then, if they were not yet). */
    HookTable table() throws Exception {
        HookTable t = table;
        if (t == null) {
            synchronized (this) {
                t = table;
                if (t == null) {
                    t = new HookTable(profiles.call());
                    table = t;
                }
            }
        }
        return t;
    }

    /**
     * Made once; a thread that finds it being made waits only for a few objects (no I/O happens
     * here). The cache-write verdict is applied under the same lock, so the newest one wins.
     */
    Weaving weaving() throws Exception {
        Weaving w = weaving;
        if (w == null) {
            synchronized (this) {
                w = weaving;
                if (w == null) {
                    w = new Weaving(inst, table(), cacheRoot);
                    if (w.cache != null && cacheWrites != null) {
                        w.cache.allowWrites(cacheWrites);
                    }
                    weaving = w;
                }
            }
        }
        return w;
    }

    /** The state's verdict: the cache writes only while telemetry may be on. */
    synchronized void allowCacheWrites(boolean allowed) {
        cacheWrites = allowed;
        Weaving w = weaving;
        if (w != null && w.cache != null) {
            w.cache.allowWrites(allowed);
        }
    }

    /** The start thread, soon after start: the bridge, unless a hooked class set it up already. */
    @Override
    public void run() {
        try {
            weaving().bridge.run();
        } catch (Exception e) {
            // RuntimeException, which the JVM has loaded: throwing another class makes the verifier load it on the premain thread
            throw new RuntimeException("the hooks could not be set up: " + e, e);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        try {
            if (className == null || className.startsWith(OWN_PACKAGE)) {
                return null; // never the agent itself (Byte Buddy's own loading passes through here)
            }
            HookTable table = this.table;
            if (table == null) {
                if (!expected.contains(className)) {
                    return null;
                }
                table = table();
            }
            if (!table.mayConcern(className)) {
                return null;
            }
            List<HookTable.Entry> hooks = table.hooks(className, bytes, loader);
            String name = className.replace('/', '.');
            for (Profile p : table.watchers(className, hooks)) {
                try {
                    p.typeSeen(name, domain, loader);
                } catch (Throwable ignored) {
                    // facts are optional
                }
            }
            if (hooks.isEmpty()) {
                return null;
            }
            Weaving w = weaving();
            ClassCache cache = w.cache;
            boolean cacheable = redefined == null && cache != null;
            Woven woven = cacheable ? cache.find(className, bytes, hooks) : null;
            boolean cached = woven != null;
            if (!cached) {
                woven = w.weaver.weave(loader, name, bytes, hooks);
                if (woven == null) {
                    return null; // failed: the class loads as it is (the warning is given)
                }
                if (cacheable) {
                    cache.store(className, bytes, hooks, woven);
                }
            }
            if (woven.bytes != null && !w.bridge.ensure()) {
                return null; // woven code would find no bridge: the class runs unchanged
            }
            count(name, hooks, woven);
            if (woven.bytes != null) {
                AgentLog.debug("instrumented " + name + (redefined != null ? " (already loaded)" : cached ? " (from the class cache)" : ""));
            }
            return woven.bytes;
        } catch (Throwable e) {
            return null; // the class loads as it is
        }
    }

    /** What the status shows per hook: a hook's classes are its dispatch classes. */
    private static void count(String name, List<HookTable.Entry> hooks, Woven woven) {
        for (int i = 0; i < hooks.size(); i++) {
            Hook hook = hooks.get(i).hook;
            if (hook.stats == null || hook.kind == Hook.Kind.REPLY) {
                continue;
            }
            if (woven.methods[i] > 0) {
                hook.stats.instrumented(name, woven.methods[i]);
            } else if (woven.problems[i] != null) {
                hook.stats.problem(woven.problems[i]);
            }
        }
    }
}
