package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.DescribedProfile;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.spec.HookSpec;
import dev.telemetry.agent.profile.spec.ProfileSpec;

import java.security.ProtectionDomain;

/**
 * A profile described by a file (or by the generic options): its hooks become instrumentation, its
 * marker class selects it. Everything about reading a call lives in {@link SpecSite}.
 */
public class SpecProfile extends DescribedProfile {
    private final ProfileSpec spec;
    /** The class loader of the first hooked class seen: where the server's own classes are found. */
    private volatile ClassLoader loader;

    public SpecProfile(ProfileSpec spec, Metrics metrics) {
        super(spec.name, spec.origin, spec.marker);
        this.spec = spec;
        for (HookSpec h : spec.hooks) {
            HookStats s = new HookStats(spec.name + "/" + h.id + " (" + h.target + (h.reply != null ? ", replies " + h.reply : "") + ")");
            SpecSite site = new SpecSite(h, metrics, s, () -> loader != null ? loader : ClassLoader.getSystemClassLoader());
            Hook dispatch = Hook.described(h.target, commandSource(h), h.parameters, site, kind(h), h.resultArgument(), h.where, s);
            add(dispatch);
            if (h.reply != null) {
                int codeArgument = h.replyCode.root() == ValuePath.Root.ARG ? h.replyCode.argument() : -1;
                boolean bare = codeArgument >= 0 && !h.replyCode.hasSteps();
                add(Hook.reply(h.reply, codeArgument, bare, new ReplySite(h, s), dispatch, h.where + " reply", s));
            }
            add(s);
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
    public void typeSeen(String typeName, ProtectionDomain domain, ClassLoader classLoader) {
        if (loader == null && classLoader != null) {
            loader = classLoader;
        }
        super.typeSeen(typeName, domain, classLoader);
    }
}
