package dev.telemetry.agent.weave;

import dev.telemetry.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into servers with one method per command: the command is the method's own name, a
 * constant in the instrumented code (no allocation).
 */
public final class MethodNameCommandAdvice {
    private MethodNameCommandAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@SiteId int site,
                            @Advice.Origin("#m") String method,
                            @Advice.Enter long start,
                            @Advice.Thrown Throwable thrown,
                            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
        Bridge.record(site, method, start, thrown, returned);
    }
}
