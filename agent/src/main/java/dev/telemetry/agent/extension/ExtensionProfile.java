package dev.telemetry.agent.extension;

import dev.telemetry.agent.api.CallReader;
import dev.telemetry.agent.api.CallWatcher;
import dev.telemetry.agent.api.ExtensionContext;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.DescribedProfile;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.generic.HookStats;
import dev.telemetry.agent.profile.spec.TargetPattern;


/** The hooks one extension described, as a profile; also the context the extension was given. */
final class ExtensionProfile extends DescribedProfile implements ExtensionContext {
    private final Metrics metrics;
    private volatile boolean started;

    ExtensionProfile(String name, String origin, Metrics metrics) {
        super(name, origin, null);
        this.metrics = metrics;
    }

    void started() {
        started = true;
    }

    @Override
    public int apiVersion() {
        return API_VERSION;
    }

    @Override
    public void hook(String target, int argument, CallReader reader) {
        checkHook(argument, reader);
        TargetPattern t = TargetPattern.parse(target);
        HookStats s = new HookStats(name() + "/hook" + hookCount() + " (" + t + ", extension)");
        add(Hook.described(t, argument >= 0 ? argument : Hook.NO_ARGUMENT, -1, new ExtensionSite(reader, metrics, s),
                Hook.Kind.FRAMED, -1, "extension " + name(), s));
        add(s);
    }

    @Override
    public void watch(String target, int argument, CallWatcher watcher) {
        checkHook(argument, watcher);
        TargetPattern t = TargetPattern.parse(target);
        HookStats s = new HookStats(name() + "/watch" + hookCount() + " (" + t + ", extension)");
        add(Hook.reply(t, argument, new WatchSite(watcher, s), null, "extension " + name(), s));
        add(s);
    }

    private void checkHook(int argument, Object callback) {
        if (started) {
            throw new IllegalStateException("hooks are described in start(), before classes load");
        }
        if (callback == null) {
            throw new IllegalArgumentException("the reader or watcher is null");
        }
        if (argument < -1 || argument > 255) {
            throw new IllegalArgumentException("argument " + argument + " is not -1 or an argument's index");
        }
    }

    @Override
    public void failedLater(String command, String errorName, int code) {
        try {
            String valid = command == null ? ResultKey.UNKNOWN : Names.genericCommand(command);
            metrics.recordLateFailure(metrics.command(valid), ResultKey.UNKNOWN, Names.identifier(errorName), code);
        } catch (Throwable ignored) {
            // an extension's mistake never reaches the host
        }
    }
}
