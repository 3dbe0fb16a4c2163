package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inlines the advice into one named class: Byte Buddy's {@code decorate} with {@code Advice}, no
 * AgentBuilder. Decorating adds no member, so it is allowed on retransformation too. Any failure
 * leaves the class exactly as it was, with one warning.
 */
final class AdviceTransformer implements ClassFileTransformer {
    /** Per internal class name: the hooks (with their site numbers) and the profiles to tell. */
    private final Map<String, List<Object[]>> hooks = new HashMap<>();
    private final Map<String, List<Profile>> watchers = new HashMap<>();
    private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);

    AdviceTransformer(List<Profile> profiles) {
        int site = 0;
        for (Profile profile : profiles) {
            for (Hook hook : profile.hooks()) {
                String name = hook.typeName.replace('.', '/');
                hooks.computeIfAbsent(name, k -> new ArrayList<>()).add(new Object[]{hook, site++});
                watchers.computeIfAbsent(name, k -> new ArrayList<>()).add(profile);
            }
            for (String watched : profile.watchedTypes()) {
                watchers.computeIfAbsent(watched.replace('.', '/'), k -> new ArrayList<>()).add(profile);
            }
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        String name = internalName.replace('/', '.');
        for (Profile p : watchers.getOrDefault(internalName, List.of())) {
            try {
                p.typeSeen(name, domain);
            } catch (Throwable ignored) {
                // facts are optional
            }
        }
        List<Object[]> forType = hooks.get(internalName);
        if (forType == null) {
            return null;
        }
        try {
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
            TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
            DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
            for (Object[] h : forType) {
                builder = builder.visit(Instrumenter.advice((Hook) h[0], (Integer) h[1]));
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
