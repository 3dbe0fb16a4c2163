package dev.telemetry.agent.instrument;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

/**
 * The only place that knows Byte Buddy. Types are matched by exact name (no walk of every loaded
 * class's hierarchy); {@code RETRANSFORMATION} instruments classes that were loaded before an attach.
 */
public final class Instrumenter {
    private Instrumenter() {}

    /** Installs the hooks of the given profiles and routes the bridge to them; returns the sites by number. */
    public static List<dev.telemetry.agent.profile.DispatchSite> install(Instrumentation inst, List<Profile> profiles) {
        List<dev.telemetry.agent.profile.DispatchSite> sites = new ArrayList<>();
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new FailureListener())
                .ignore(nameStartsWith("dev.telemetry.agent.")
                        .or(nameStartsWith("net.bytebuddy."))
                        .or(nameStartsWith("java."))
                        .or(nameStartsWith("javax."))
                        .or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun."))
                        .or(nameStartsWith("com.sun.")));
        for (Profile profile : profiles) {
            for (Hook hook : profile.hooks()) {
                int site = sites.size();
                sites.add(hook.site);
                builder = builder.type(named(hook.typeName))
                        .transform(seen(profile))
                        .transform(advice(hook, site)); // not terminal: hooks and watches may share a type
            }
            for (String watched : profile.watchedTypes()) {
                builder = builder.type(named(watched)).transform(seen(profile));
            }
        }
        // The recorder must know every site before the first instrumented call can happen.
        dev.telemetry.agent.bootstrap.Bridge.install(new DispatchRecorder(sites));
        builder.installOn(inst);
        return sites;
    }

    private static AgentBuilder.Transformer advice(Hook hook, int site) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(SiteId.class, site);
        String adviceClass;
        if (hook.overrideArgument >= 0) {
            mapping = mapping.bind(CommandArg.class, argument(hook.commandSource))
                    .bind(OverrideArg.class, argument(hook.overrideArgument));
            adviceClass = OverridableCommandAdvice.class.getName();
        } else if (hook.commandSource == Hook.METHOD_NAME) {
            adviceClass = MethodNameCommandAdvice.class.getName();
        } else {
            mapping = mapping.bind(CommandArg.class, argument(hook.commandSource));
            adviceClass = ArgumentCommandAdvice.class.getName();
        }
        return new AgentBuilder.Transformer.ForAdvice(mapping)
                .include(Instrumenter.class.getClassLoader())
                .advice(methods(hook), adviceClass);
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

    /** Tells the profile its class appeared (for auto-detection, backend and version). */
    private static AgentBuilder.Transformer seen(Profile profile) {
        return (DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader, JavaModule module,
                java.security.ProtectionDomain domain) -> {
            try {
                profile.typeSeen(type.getName(), domain);
            } catch (Throwable ignored) {
                // facts are optional
            }
            return builder;
        };
    }

    /** One warning per class that could not be instrumented; the class stays as it was. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentLog.warn("could not instrument " + typeName + " (" + throwable + "); it runs unchanged");
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            AgentLog.debug("instrumented " + typeDescription.getName() + (loaded ? " (already loaded)" : ""));
        }
    }
}
