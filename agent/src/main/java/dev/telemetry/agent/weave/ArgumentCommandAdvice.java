package dev.telemetry.agent.weave;

import dev.telemetry.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a dispatch method whose command is one of its arguments. Holds no logic: it reads the
 * clock and hands over to the bootstrap bridge. {@code suppress} keeps any failure of ours away from
 * the host; the thrown exception and the return value pass through untouched.
 */
public final class ArgumentCommandAdvice {
    private ArgumentCommandAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static long enter() {
        return System.nanoTime();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@SiteId int site,
                            @CommandArg Object command,
                            @Advice.Enter long start,
                            @Advice.Thrown Throwable thrown,
                            @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned) {
        Bridge.record(site, command, start, thrown, returned);
    }
}
