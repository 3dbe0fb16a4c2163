package dev.telemetry.agent.weave;

import dev.telemetry.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into a reply method whose code is a primitive argument ({@code send(int code)}): the code
 * goes to the bridge as a long, so a reply allocates nothing whatever its value.
 */
public final class ReplyNumberAdvice {
    private ReplyNumberAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@SiteId int site, @ReplyCode long code) {
        Bridge.replyNumber(site, code);
    }
}
