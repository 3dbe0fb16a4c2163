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

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
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
        if (table.isEmpty()) {
            return; // nothing to time: Byte Buddy is never loaded
        }
        // The recorder must know every site before the first instrumented call can happen.
        dev.telemetry.agent.bootstrap.Bridge.install(new DispatchRecorder(table.sites(), table.replyOwners()));
        CompletableFuture<AdviceTransformer> byteBuddy = new CompletableFuture<>();
        inst.addTransformer(new TypeFilter(table, byteBuddy), true);
        Thread t = new Thread(() -> {
            try {
                byteBuddy.complete(new AdviceTransformer());
                if (wait) {
                    retransformLoaded(inst, table); // after an attach: the classes loaded before it
                }
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

    /** The advice for one hook, with its site number and argument bindings. */
    static AsmVisitorWrapper advice(Hook hook, int site) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(SiteId.class, site);
        Class<?> adviceClass;
        switch (hook.kind) {
            case OVERRIDABLE:
                mapping = mapping.bind(CommandArg.class, argument(hook.commandSource))
                        .bind(OverrideArg.class, argument(hook.overrideArgument));
                adviceClass = OverridableCommandAdvice.class;
                break;
            case METHOD_NAME:
                adviceClass = MethodNameCommandAdvice.class;
                break;
            case FRAMED:
                mapping = mapping.bind(CommandArg.class, argumentOrNull(hook.commandSource))
                        .bind(ResultArg.class, argumentOrNull(hook.resultArgument));
                adviceClass = FramedAdvice.class;
                break;
            case REPLY:
                if (hook.resultArgument >= 0 && hook.replyCodeIsArgument) {
                    // a primitive code (send(int)) is bound as a long, never boxed; any other as an object
                    ElementMatcher.Junction<MethodDescription> primitive = ElementMatchers.takesArgument(hook.resultArgument,
                            ElementMatchers.anyOf(int.class, long.class, short.class, byte.class, char.class));
                    AsmVisitorWrapper numbers = Advice.withCustomMapping().bind(SiteId.class, site)
                            .bind(ReplyCode.class, new Advice.OffsetMapping.ForArgument.Unresolved(
                                    TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(long.class), true,
                                    Assigner.Typing.STATIC, hook.resultArgument))
                            .to(TypeDescription.ForLoadedType.of(ReplyNumberAdvice.class), AdviceTransformer.AGENT_CLASSES)
                            .on(methods(hook).and(primitive));
                    AsmVisitorWrapper objects = mapping.bind(ResultArg.class, argumentOrNull(hook.resultArgument))
                            .to(TypeDescription.ForLoadedType.of(ReplyAdvice.class), AdviceTransformer.AGENT_CLASSES)
                            .on(methods(hook).and(not(primitive)));
                    return new AsmVisitorWrapper.Compound(numbers, objects);
                }
                mapping = mapping.bind(ResultArg.class, argumentOrNull(hook.resultArgument));
                adviceClass = ReplyAdvice.class;
                break;
            default:
                mapping = mapping.bind(CommandArg.class, argument(hook.commandSource));
                adviceClass = ArgumentCommandAdvice.class;
        }
        return mapping.to(TypeDescription.ForLoadedType.of(adviceClass), AdviceTransformer.AGENT_CLASSES).on(methods(hook));
    }

    private static Advice.OffsetMapping argumentOrNull(int index) {
        return index >= 0 ? argument(index) : new Advice.OffsetMapping.ForStackManipulation(
                net.bytebuddy.implementation.bytecode.constant.NullConstant.INSTANCE,
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class),
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class),
                Assigner.Typing.STATIC);
    }

    /** The hook's argument number, read-only, as Object. */
    private static Advice.OffsetMapping argument(int index) {
        return new Advice.OffsetMapping.ForArgument.Unresolved(
                TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class), true,
                Assigner.Typing.DYNAMIC, index);
    }

    /** The methods a hook times in a class: not abstract, by name, with the parameters it reads. */
    static ElementMatcher.Junction<MethodDescription> methods(Hook hook) {
        ElementMatcher.Junction<MethodDescription> m = isMethod().and(not(isAbstract())).and(named(hook));
        if (hook.parameterCount >= 0) {
            m = m.and(ElementMatchers.takesArguments(hook.parameterCount));
        }
        final int needed = hook.highestArgument() + 1;
        if (needed > 0) {
            m = m.and(method -> method.getParameters().size() >= needed);
        }
        return m;
    }

    /** Methods by the hook's name or family alone. */
    static ElementMatcher.Junction<MethodDescription> named(Hook hook) {
        if (hook.methodPattern.contains("*")) {
            Pattern p = Pattern.compile(Pattern.quote(hook.methodPattern).replace("*", "\\E.*\\Q"));
            return ElementMatchers.nameMatches(p.pattern());
        }
        return ElementMatchers.named(hook.methodPattern);
    }

}
