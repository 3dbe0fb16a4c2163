package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.spec.HookSpec;

/** A hook's reply method: reads the code its call carries (a number, or a reply line's leading digits). */
final class ReplySite implements DispatchSite {
    private final ValuePath code;

    ReplySite(HookSpec spec, HookStats stats) {
        this.code = spec.replyCode;
        code.onMissing(why -> stats.problem(spec.where + ": reply-code=" + code + ": " + why));
    }

    @Override
    public void record(Object command, long nanos, Throwable thrown, Object returned) {
        // never timed: replies are read on entry
    }

    @Override
    public long replyCode(Object self, Object argument) {
        return code.readNumber(code.root() == ValuePath.Root.THIS ? self : argument);
    }
}
