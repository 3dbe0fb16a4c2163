package dev.telemetry.agent.weave;

import dev.telemetry.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Like {@link ArgumentCommandAdvice}, for dispatch methods where the agent answers a few commands
 * itself (the status commands a profile adds, such as MongoDB's getFreeMonitoringStatus). For every
 * other command the override is null and the host's method runs unchanged.
 */
public final class OverridableCommandAdvice {
    private OverridableCommandAdvice() {}

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static Object enter(@SiteId int site,
                               @CommandArg Object command,
                               @OverrideArg Object argument,
                               @Advice.Local("start") long start) {
        start = System.nanoTime();
        return Bridge.override(site, command, argument);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@SiteId int site,
                            @CommandArg Object command,
                            @Advice.Enter Object override,
                            @Advice.Local("start") long start,
                            @Advice.Thrown(readOnly = false) Throwable thrown,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        if (override instanceof Throwable) {
            thrown = (Throwable) override;
        } else if (override != null) {
            returned = override;
        }
        Bridge.record(site, command, start, thrown, returned);
    }
}
