package dev.telemetry.agent.weave;

import dev.telemetry.agent.instrument.ClassWeaver;
import dev.telemetry.agent.instrument.Woven;
import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.spec.TargetPattern;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

import java.util.List;

/**
 * Inlines the advice into one class: Byte Buddy's {@code decorate} with {@code Advice}, no
 * AgentBuilder. Decorating adds no member, so it is allowed on retransformation too. Any failure
 * leaves the class exactly as it was, with one warning. A named target that times no method says so.
 */
public final class AdviceTransformer implements ClassWeaver {
    /** Where the advice classes' bytes are read from: the agent's own class loader. */
    static final ClassFileLocator AGENT_CLASSES = ClassFileLocator.ForClassLoader.of(AdviceTransformer.class.getClassLoader());

    private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED);

    /** Made by {@code WeaveLoader}, by name, through the class loader of this package. */
    public AdviceTransformer() {}

    @Override
    public Woven weave(ClassLoader loader, String name, byte[] bytes, List<Hook> hooks, int[] sites) {
        try {
            ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                    loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader));
            TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
            DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
            int[] methods = new int[hooks.size()];
            String[] problems = new String[hooks.size()];
            int timed = 0;
            for (int i = 0; i < hooks.size(); i++) {
                Hook hook = hooks.get(i);
                methods[i] = type.getDeclaredMethods().filter(Advices.methods(hook)).size();
                if (methods[i] == 0 && hook.match == TargetPattern.TypeMatch.EXACT) {
                    problems[i] = hook.where + ": " + noMethod(type, hook);
                }
                if (methods[i] > 0) {
                    builder = builder.visit(Advices.advice(hook, sites[i]));
                    timed += methods[i];
                }
            }
            return new Woven(timed == 0 ? null : builder.make().getBytes(), methods, problems);
        } catch (Throwable e) {
            AgentLog.warn("could not instrument " + name + " (" + e + "); it runs unchanged");
            return null;
        }
    }

    /** Why a named target times nothing, in the words a profile's author needs. */
    static String noMethod(TypeDescription type, Hook hook) {
        String target = hook.typeName + "#" + hook.methodPattern;
        if (type.isInterface() || type.isAbstract()) {
            boolean abstractOnly = !type.getDeclaredMethods().filter(Advices.named(hook)).isEmpty();
            if (type.isInterface() || abstractOnly) {
                return target + " matches no method: " + hook.typeName + " is " + (type.isInterface() ? "an interface" : "abstract")
                        + "; write " + hook.typeName + "+#" + hook.methodPattern + " to time its implementations";
            }
        }
        for (MethodDescription m : type.getDeclaredMethods().filter(Advices.named(hook))) {
            if (m.getParameters().size() <= hook.highestArgument()) {
                return target + ": " + m.getName() + " takes " + m.getParameters().size() + " parameter(s), and the hook reads arg"
                        + hook.highestArgument() + "; nothing is timed";
            }
        }
        return target + " matches no method of " + hook.typeName + "; nothing is timed";
    }
}
