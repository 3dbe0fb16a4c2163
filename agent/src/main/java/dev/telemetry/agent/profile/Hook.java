package dev.telemetry.agent.profile;

import dev.telemetry.agent.profile.generic.HookStats;
import dev.telemetry.agent.profile.spec.TargetPattern;

/**
 * A method to time: the classes (an exact name, a wildcard, or the subtypes of a named type), a
 * method name (a {@code *} matches a family), which advice reads the call, and the site that records it.
 */
public final class Hook {
    /** The command is the method's own name rather than an argument. */
    public static final int METHOD_NAME = -1;
    /** The command comes from {@code this} or the class (framed advice only). */
    public static final int NO_ARGUMENT = -2;

    /** How the call is read. */
    public enum Kind {
        /** Start time, then the command argument, exception and return value at exit. */
        ARGUMENT,
        /** Like ARGUMENT, the method's own name as the command. */
        METHOD_NAME,
        /** Like ARGUMENT, and the site may answer instead of the method (mongo's status commands). */
        OVERRIDABLE,
        /** Everything at exit (this, the class, two arguments), counted once per thread, replies kept. */
        FRAMED,
        /** A reply method: its code goes to the dispatch of {@link #replyOf} running on this thread. */
        REPLY
    }

    public final String typeName;
    public final TargetPattern.TypeMatch match;
    /** For wildcard targets: the pattern; null otherwise. */
    public final TargetPattern pattern;
    public final String methodPattern;
    /** The argument index holding the command, {@link #METHOD_NAME} or {@link #NO_ARGUMENT}. */
    public final int commandSource;
    /** The exact parameter count, or -1 for any count that has the arguments read. */
    public final int parameterCount;
    public final DispatchSite site;
    /** The argument passed to {@link DispatchSite#override}, or -1 when the hook never overrides. */
    public final int overrideArgument;
    public final Kind kind;
    /** FRAMED: a second argument read at exit, or -1. REPLY: the argument with the code, or -1 for this. */
    public final int resultArgument;
    /** REPLY: the code is the argument itself (no steps), so a primitive one can be bound unboxed. */
    public final boolean replyCodeIsArgument;
    /** REPLY: the dispatch hook whose reply this is. */
    public final Hook replyOf;
    /** Where the hook was described, for warnings; null for built-in profiles. */
    public final String where;
    /** What the hook saw, for the status; null for built-in profiles. */
    public final HookStats stats;

    public Hook(String typeName, String methodPattern, int commandSource, int parameterCount, DispatchSite site) {
        this(typeName, methodPattern, commandSource, parameterCount, site, -1);
    }

    public Hook(String typeName, String methodPattern, int commandSource, int parameterCount, DispatchSite site,
                int overrideArgument) {
        this(TargetPattern.TypeMatch.EXACT, typeName, null, methodPattern, commandSource, parameterCount, site, overrideArgument,
                overrideArgument >= 0 ? Kind.OVERRIDABLE : commandSource == METHOD_NAME ? Kind.METHOD_NAME : Kind.ARGUMENT,
                -1, null, null, null, false);
    }

    private Hook(TargetPattern.TypeMatch match, String typeName, TargetPattern pattern, String methodPattern, int commandSource,
                 int parameterCount, DispatchSite site, int overrideArgument, Kind kind, int resultArgument, Hook replyOf,
                 String where, HookStats stats, boolean replyCodeIsArgument) {
        this.match = match;
        this.typeName = typeName;
        this.pattern = pattern;
        this.methodPattern = methodPattern;
        this.commandSource = commandSource;
        this.parameterCount = parameterCount;
        this.site = site;
        this.overrideArgument = overrideArgument;
        this.kind = kind;
        this.resultArgument = resultArgument;
        this.replyOf = replyOf;
        this.replyCodeIsArgument = replyCodeIsArgument;
        this.where = where;
        this.stats = stats;
    }

    /** A described dispatch hook. */
    public static Hook described(TargetPattern target, int commandSource, int parameterCount, DispatchSite site, Kind kind,
                                 int resultArgument, String where, HookStats stats) {
        return new Hook(target.match, target.typeName, target, target.methodPattern, commandSource, parameterCount, site, -1,
                kind, resultArgument, null, where, stats, false);
    }

    /** The reply method of a described hook; {@code codeArgument} -1 reads {@code this}. */
    public static Hook reply(TargetPattern target, int codeArgument, DispatchSite site, Hook of, String where, HookStats stats) {
        return reply(target, codeArgument, false, site, of, where, stats);
    }

    /** {@code codeIsArgument}: the code is the argument itself, so a primitive one is bound as a long. */
    public static Hook reply(TargetPattern target, int codeArgument, boolean codeIsArgument, DispatchSite site, Hook of,
                             String where, HookStats stats) {
        return new Hook(target.match, target.typeName, target, target.methodPattern, codeArgument, -1, site, -1,
                Kind.REPLY, codeArgument, of, where, stats, codeIsArgument);
    }

    /** The highest argument the advice binds, so that methods with fewer parameters are left alone. */
    public int highestArgument() {
        int max = commandSource;
        if (kind == Kind.FRAMED || kind == Kind.REPLY) {
            max = Math.max(max, resultArgument);
        }
        return Math.max(max, overrideArgument);
    }

    @Override
    public String toString() {
        return (match == TargetPattern.TypeMatch.SUBTYPES ? typeName + "+" : typeName) + "#" + methodPattern;
    }
}
