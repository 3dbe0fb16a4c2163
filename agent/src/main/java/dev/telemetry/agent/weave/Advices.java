package dev.telemetry.agent.weave;

import dev.telemetry.agent.profile.Hook;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

import java.util.regex.Pattern;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * Which advice a hook inlines and into which methods, in Byte Buddy's terms. Only
 * {@link AdviceTransformer} uses it, so no Byte Buddy class loads before a class is woven afresh.
 */
final class Advices {
    private Advices() {}

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
