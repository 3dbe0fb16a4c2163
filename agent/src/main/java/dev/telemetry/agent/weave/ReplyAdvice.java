package dev.telemetry.agent.weave;

import dev.telemetry.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/** Inlined into a reply method: hands its code-bearing argument (or {@code this}) to the bridge. */
public final class ReplyAdvice {
    private ReplyAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@SiteId int site,
                             @Advice.This(optional = true) Object self,
                             @ResultArg Object argument) {
        Bridge.reply(site, self, argument);
    }
}
