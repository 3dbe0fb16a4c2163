package dev.telemetry.agent.instrument;

import dev.telemetry.agent.profile.Profile;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lets Byte Buddy see only the classes the hooks concern. Every class the JVM loads passes through a
 * transformer; without this filter each one would go through Byte Buddy. A named hook costs a set
 * lookup per class; a subtype or wildcard hook reads the class file's header (no class is loaded).
 * <p>
 * Byte Buddy itself is set up on a background thread (loading its classes takes about half a second
 * on a small machine), so premain returns at once and the host starts in parallel. Should a hooked
 * class load before that is done, its loading waits for it, at most {@link #WAIT_SECONDS}; after that
 * the class is left as it is.
 */
final class TypeFilter implements ClassFileTransformer {
    static final int WAIT_SECONDS = 30;
    static final String OWN_PACKAGE = "dev/telemetry/agent/";

    private final HookTable table;
    private final CompletableFuture<AdviceTransformer> delegate;

    TypeFilter(HookTable table, CompletableFuture<AdviceTransformer> delegate) {
        this.table = table;
        this.delegate = delegate;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        try {
            if (className == null || className.startsWith(OWN_PACKAGE) || !table.mayConcern(className)) {
                return null; // never the agent itself (its setup thread would wait for itself)
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
            AdviceTransformer d = delegate.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return d == null ? null : d.transform(loader, name, redefined, bytes, hooks);
        } catch (Throwable e) {
            return null; // the class loads as it is
        }
    }
}
