package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Activation;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.spec.HookSpec;
import dev.telemetry.agent.profile.spec.ProfileSpec;
import dev.telemetry.agent.profile.spec.TargetPattern;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A profile described by a file (or by the generic options): its hooks become instrumentation, its
 * marker class selects it. Everything about reading a call lives in {@link SpecSite}.
 */
public final class SpecProfile implements Profile {
    private final ProfileSpec spec;
    private final List<Hook> hooks = new ArrayList<>();
    private final List<HookStats> stats = new ArrayList<>();
    private final Activation activation;
    /** The class loader of the first hooked class seen: where the server's own classes are found. */
    private volatile ClassLoader loader;

    public SpecProfile(ProfileSpec spec, Metrics metrics) {
        this.spec = spec;
        this.activation = new Activation(spec.origin, spec.marker);
        for (HookSpec h : spec.hooks) {
            HookStats s = new HookStats(spec.name + "/" + h.id + " (" + h.target + (h.reply != null ? ", replies " + h.reply : "") + ")");
            SpecSite site = new SpecSite(h, metrics, s, () -> loader != null ? loader : ClassLoader.getSystemClassLoader());
            Hook dispatch = Hook.described(h.target, commandSource(h), h.parameters, site, kind(h), h.resultArgument(), h.where, s);
            hooks.add(dispatch);
            if (h.reply != null) {
                int codeArgument = h.replyCode.root() == ValuePath.Root.ARG ? h.replyCode.argument() : -1;
                boolean bare = codeArgument >= 0 && !h.replyCode.hasSteps();
                hooks.add(Hook.reply(h.reply, codeArgument, bare, new ReplySite(h, s), dispatch, h.where + " reply", s));
            }
            stats.add(s);
        }
    }

    /** The plain advices serve a hook whose values all come from the command argument or the method's name. */
    static Hook.Kind kind(HookSpec h) {
        boolean plainRoot = h.command.root() == ValuePath.Root.ARG || h.command.root() == ValuePath.Root.METHOD;
        boolean exitReadsOnlyCommand = h.resultArgument() < 0;
        for (ValuePath p : h.exitPaths()) {
            if (p.root() == ValuePath.Root.THIS) {
                exitReadsOnlyCommand = false;
            }
        }
        if (!h.needsFrame() && plainRoot && exitReadsOnlyCommand) {
            return h.command.root() == ValuePath.Root.METHOD ? Hook.Kind.METHOD_NAME : Hook.Kind.ARGUMENT;
        }
        return Hook.Kind.FRAMED;
    }

    private static int commandSource(HookSpec h) {
        switch (h.command.root()) {
            case ARG: return h.command.argument();
            case METHOD: return Hook.METHOD_NAME;
            default: return Hook.NO_ARGUMENT;
        }
    }

    public ProfileSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name;
    }

    @Override
    public List<Hook> hooks() {
        return Collections.unmodifiableList(hooks);
    }

    @Override
    public List<String> watchedTypes() {
        return spec.marker == null ? Collections.emptyList() : Collections.singletonList(spec.marker);
    }

    @Override
    public void typeSeen(String typeName, ProtectionDomain domain, ClassLoader classLoader) {
        if (loader == null && classLoader != null) {
            loader = classLoader;
        }
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

    @Override
    public Map<String, String> facts() {
        return Collections.emptyMap();
    }

    /** For tests: the hooks' targets. */
    List<TargetPattern> targets() {
        List<TargetPattern> out = new ArrayList<>();
        for (HookSpec h : spec.hooks) {
            out.add(h.target);
        }
        return out;
    }
}
