package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The only place that knows Byte Buddy. Types are matched by exact name (no walk of every loaded
 * class's hierarchy), first by a plain name filter in front of Byte Buddy; the transformer is
 * retransformation-capable, and classes loaded before an attach are retransformed.
 */
public final class Instrumenter {
    private Instrumenter() {}

    /**
     * Installs the hooks of the given profiles: a cheap name filter now, Byte Buddy on a daemon
     * thread (see {@link NameFilteringTransformer}). Returns when the filter is in place; with
     * {@code wait}, only once Byte Buddy is ready and already-loaded classes are retransformed (attach).
     */
    public static void install(Instrumentation inst, List<Profile> profiles, boolean wait) throws InterruptedException {
        HookTable table = new HookTable(profiles);
        Set<String> names = table.typeNames();
        if (names.isEmpty()) {
            return; // nothing to time: Byte Buddy is never loaded
        }
        // The recorder must know every site before the first instrumented call can happen.
        dev.telemetry.agent.bootstrap.Bridge.install(new DispatchRecorder(table.sites()));
        CompletableFuture<ClassFileTransformer> byteBuddy = new CompletableFuture<>();
        inst.addTransformer(new NameFilteringTransformer(names, byteBuddy), true);
        Thread t = new Thread(() -> {
            try {
                byteBuddy.complete(new AdviceTransformer(table));
                retransformLoaded(inst, names);
            } catch (Throwable e) {
                byteBuddy.completeExceptionally(e);
                AgentLog.warn("could not set up instrumentation (" + e + "); nothing is timed");
            }
        }, "telemetry-agent-instrument");
        t.setDaemon(true);
        t.start();
        if (wait) {
            t.join();
        }
    }

    /** Classes that were loaded before the filter was in place (after an attach): retransformed now. */
    private static void retransformLoaded(Instrumentation inst, Set<String> names) {
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (names.contains(type.getName().replace('.', '/')) && inst.isModifiableClass(type)) {
                try {
                    inst.retransformClasses(type);
                } catch (Throwable e) {
                    AgentLog.warn("could not instrument " + type.getName() + " (" + e + "); it runs unchanged");
                }
            }
        }
    }

    /** The advice for one hook, with its site number and argument bindings. */
    static AsmVisitorWrapper advice(Hook hook, int site) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(SiteId.class, site);
        Class<?> adviceClass;
        if (hook.overrideArgument >= 0) {
            mapping = mapping.bind(CommandArg.class, argument(hook.commandSource))
                    .bind(OverrideArg.class, argument(hook.overrideArgument));
            adviceClass = OverridableCommandAdvice.class;
        } else if (hook.commandSource == Hook.METHOD_NAME) {
            adviceClass = MethodNameCommandAdvice.class;
        } else {
            mapping = mapping.bind(CommandArg.class, argument(hook.commandSource));
            adviceClass = ArgumentCommandAdvice.class;
        }
        return mapping.to(TypeDescription.ForLoadedType.of(adviceClass), AdviceTransformer.AGENT_CLASSES).on(methods(hook));
    }

    /** The hook's argument number, read-only, as Object. */
    private static Advice.OffsetMapping argument(int index) {
        return new Advice.OffsetMapping.ForArgument.Unresolved(
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class), true,
                Assigner.Typing.DYNAMIC, index);
    }

    private static ElementMatcher<MethodDescription> methods(Hook hook) {
        ElementMatcher.Junction<MethodDescription> m = isMethod().and(not(isAbstract()));
        if (hook.methodPattern.contains("*")) {
            Pattern p = Pattern.compile(Pattern.quote(hook.methodPattern).replace("*", "\\E.*\\Q"));
            m = m.and(ElementMatchers.nameMatches(p.pattern()));
        } else {
            m = m.and(named(hook.methodPattern));
        }
        if (hook.parameterCount >= 0) {
            m = m.and(ElementMatchers.takesArguments(hook.parameterCount));
        }
        if (hook.commandSource >= 0) {
            final int needed = hook.commandSource + 1;
            m = m.and(method -> method.getParameters().size() >= needed);
        }
        return m;
    }

}
