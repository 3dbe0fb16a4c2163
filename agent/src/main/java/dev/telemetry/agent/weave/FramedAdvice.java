package dev.telemetry.agent.weave;

import dev.telemetry.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * For described hooks that need more than an argument: {@code this}, the class, a second argument,
 * a reply site, or a target of several classes. The enter call marks the dispatch as running on this
 * thread (so an implementation calling its super counts once, and replies written meanwhile are
 * kept); the exit hands everything to the bridge. Holds no logic, and {@code suppress} keeps any
 * failure of ours away from the host.
 */
public final class FramedAdvice {
    private FramedAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter(@SiteId int site) {
        return Bridge.enter(site);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@SiteId int site,
                            @Advice.This(optional = true) Object self,
                            @Advice.Origin Class<?> type,
                            @CommandArg Object argument,
                            @ResultArg Object resultArgument,
                            @Advice.Origin("#m") String method,
                            @Advice.Enter long start,
                            @Advice.Thrown Throwable thrown,
                            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
        Bridge.exit(site, self, type, argument, resultArgument, method, start, thrown, returned);
    }
}
