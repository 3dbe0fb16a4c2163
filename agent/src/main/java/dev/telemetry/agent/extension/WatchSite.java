package dev.telemetry.agent.extension;

import dev.telemetry.agent.api.CallWatcher;
import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.generic.HookStats;
import dev.telemetry.agent.profile.path.ValuePath;

/** A watched method of an extension: hands each call to the watcher, catching what it throws. */
final class WatchSite implements DispatchSite {
    private final CallWatcher watcher;
    private final HookStats stats;

    WatchSite(CallWatcher watcher, HookStats stats) {
        this.watcher = watcher;
        this.stats = stats;
    }

    @Override
    public void record(Object command, long nanos, Throwable thrown, Object returned) {
        // never timed
    }

    @Override
    public long replyCode(Object self, Object argument) {
        try {
            watcher.called(self, argument);
        } catch (Throwable e) {
            stats.problem("the extension's watcher threw " + e.getClass().getName());
        }
        return ValuePath.NO_NUMBER;
    }
}
