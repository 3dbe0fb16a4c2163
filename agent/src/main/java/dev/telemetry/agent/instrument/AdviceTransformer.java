package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Profile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;

/**
 * Inlines the advice into one named class: Byte Buddy's {@code decorate} with {@code Advice}, no
 * AgentBuilder. Decorating adds no member, so it is allowed on retransformation too. Any failure
 * leaves the class exactly as it was, with one warning.
 */
final class AdviceTransformer implements ClassFileTransformer {
    /** Where the advice classes' bytes are read from: the agent's own class loader. */
    static final ClassFileLocator AGENT_CLASSES = ClassFileLocator.ForClassLoader.of(AdviceTransformer.class.getClassLoader());

    private final HookTable table;
    private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);

    AdviceTransformer(HookTable table) {
        this.table = table;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        String name = internalName.replace('/', '.');
        for (Profile p : table.watchers(internalName)) {
            try {
                p.typeSeen(name, domain);
            } catch (Throwable ignored) {
                // facts are optional
            }
        }
        List<HookTable.Entry> forType = table.hooks(internalName);
        if (forType.isEmpty()) {
            return null;
        }
        try {
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
            TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
            DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
            for (HookTable.Entry e : forType) {
                builder = builder.visit(Instrumenter.advice(e.hook, e.site));
            }
            byte[] out = builder.make().getBytes();
            AgentLog.debug("instrumented " + name + (redefined != null ? " (already loaded)" : ""));
            return out;
        } catch (Throwable e) {
            AgentLog.warn("could not instrument " + name + " (" + e + "); it runs unchanged");
            return null;
        }
    }
}
