package dev.telemetry.agent.extension;

import dev.telemetry.agent.api.CallReader;
import dev.telemetry.agent.api.CallWatcher;
import dev.telemetry.agent.api.ExtensionContext;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.Activation;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.profile.generic.HookStats;
import dev.telemetry.agent.profile.spec.TargetPattern;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The hooks one extension described, as a profile; also the context the extension was given. */
final class ExtensionProfile implements Profile, ExtensionContext {
    private final String name;
    private final Metrics metrics;
    private final List<Hook> hooks = new ArrayList<>();
    private final List<HookStats> stats = new ArrayList<>();
    private final List<ExtensionSite> sites = new ArrayList<>();
    private final Activation activation;
    private volatile boolean started;

    ExtensionProfile(String name, String origin, Metrics metrics) {
        this.name = name;
        this.metrics = metrics;
        this.activation = new Activation(origin, null);
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
        HookStats s = new HookStats(name + "/hook" + hooks.size() + " (" + t + ", extension)");
        ExtensionSite site = new ExtensionSite(reader, metrics, s);
        hooks.add(Hook.described(t, argument >= 0 ? argument : Hook.NO_ARGUMENT, -1, site, Hook.Kind.FRAMED, -1,
                "extension " + name, s));
        stats.add(s);
        sites.add(site);
    }

    @Override
    public void watch(String target, int argument, CallWatcher watcher) {
        checkHook(argument, watcher);
        TargetPattern t = TargetPattern.parse(target);
        HookStats s = new HookStats(name + "/watch" + hooks.size() + " (" + t + ", extension)");
        hooks.add(Hook.reply(t, argument, new WatchSite(watcher, s), null, "extension " + name, s));
        stats.add(s);
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

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Hook> hooks() {
        return Collections.unmodifiableList(hooks);
    }

    @Override
    public void typeSeen(String typeName, ProtectionDomain domain) {
        activation.seen(typeName);
    }

    @Override
    public boolean active() {
        return activation.active();
    }

    @Override
    public String chosenBecause() {
        return activation.chosenBecause();
    }

    @Override
    public List<HookStats> hookStats() {
        return Collections.unmodifiableList(stats);
    }
}
