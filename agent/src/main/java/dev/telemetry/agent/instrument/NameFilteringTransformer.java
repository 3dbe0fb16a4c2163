package dev.telemetry.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Lets Byte Buddy see only the classes the profiles name. Every class the JVM loads passes through a
 * transformer; without this filter each one would go through Byte Buddy's matching machinery. A set
 * lookup on the internal name costs next to nothing.
 * <p>
 * Byte Buddy itself is set up on a background thread (loading its classes takes about half a second
 * on a small machine), so premain returns at once and the host starts in parallel. Should a named
 * class load before that is done, its loading waits for it, at most {@link #WAIT_SECONDS}; after that
 * the class is left as it is.
 */
final class NameFilteringTransformer implements ClassFileTransformer {
    static final int WAIT_SECONDS = 30;

    private final Set<String> internalNames;
    private final java.util.concurrent.CompletableFuture<ClassFileTransformer> delegate;

    NameFilteringTransformer(Set<String> internalNames, java.util.concurrent.CompletableFuture<ClassFileTransformer> delegate) {
        this.internalNames = internalNames;
        this.delegate = delegate;
    }

    private ClassFileTransformer delegate() {
        try {
            return delegate.get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (className == null || !internalNames.contains(className)) {
            return null;
        }
        ClassFileTransformer d = delegate();
        return d == null ? null : d.transform(module, loader, className, redefined, domain, bytes);
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) throws IllegalClassFormatException {
        if (className == null || !internalNames.contains(className)) {
            return null;
        }
        ClassFileTransformer d = delegate();
        return d == null ? null : d.transform(loader, className, redefined, domain, bytes);
    }
}
