package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.ErrorInfo;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.spec.HookSpec;

import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * One described hook's dispatches: the command from its path, then the result. What counts as a
 * failure, in this order: an exception thrown out of the dispatch; else the code of the last reply
 * the dispatch wrote (its reply site) when {@code fail-when} says it fails; else the code read by
 * {@code error-code} at exit. The code and the name of a failure come from the reply or the paths,
 * then from {@code error-names}, then from the exception's class.
 */
final class SpecSite implements DispatchSite {
    private final HookSpec spec;
    private final Metrics metrics;
    final HookStats stats;
    final CommandReader commands;
    private final ValuePath[] errorCode;
    private final Supplier<ClassLoader> loader;

    SpecSite(HookSpec spec, Metrics metrics, HookStats stats, Supplier<ClassLoader> loader) {
        this.spec = spec;
        this.metrics = metrics;
        this.stats = stats;
        this.commands = new CommandReader(spec, metrics, stats, loader);
        this.errorCode = spec.errorCode.toArray(new ValuePath[0]);
        this.loader = loader;
        // In a list of alternatives (error-code=thrown.getCode();thrown.getStatus()) a missing getter is expected.
        for (java.util.List<ValuePath> list : java.util.Arrays.asList(spec.operator, spec.errorCode, spec.errorName)) {
            if (list.size() == 1) {
                ValuePath p = list.get(0);
                p.onMissing(why -> stats.problem(spec.where + ": " + p + ": " + why));
            }
        }
    }

    /** The plain advices: the command's root value is an argument or the method's name. */
    @Override
    public void record(Object command, long nanos, Throwable thrown, Object returned) {
        finish(commands.read(command), null, command, null, nanos, thrown, returned, ValuePath.NO_NUMBER);
    }

    @Override
    public void exit(Object self, Class<?> type, Object argument, Object resultArgument, String method, long nanos,
                     Throwable thrown, Object returned, long replyCode) {
        CommandReader.Resolved r;
        switch (spec.command.root()) {
            case THIS: r = commands.read(self); break;
            case METHOD: r = commands.read(method); break;
            case CLASS: r = commands.ofClass(self != null ? self.getClass() : type); break;
            default: r = commands.read(argument); break;
        }
        finish(r, self, argument, resultArgument, nanos, thrown, returned, replyCode);
    }

    private void finish(CommandReader.Resolved r, Object self, Object argument, Object resultArgument, long nanos,
                        Throwable thrown, Object returned, long replyCode) {
        if (r == null) {
            stats.notDispatch.increment();
            return;
        }
        if (r.why != null) {
            stats.unknown[r.why.ordinal()].increment();
        }
        long code = replyCode;
        if (code != ValuePath.NO_NUMBER) {
            stats.replies.increment();
        } else {
            code = errorCode(self, argument, resultArgument, thrown, returned);
        }
        boolean failed = thrown != null || (code != ValuePath.NO_NUMBER && spec.failWhen.fails(code));
        if (!failed) {
            metrics.recordOk(r.cell, nanos);
            return;
        }
        stats.failures.increment();
        String name = errorName(self, argument, resultArgument, thrown, returned, code);
        String operator = operator(self, argument, resultArgument, thrown, returned);
        metrics.recordError(r.cell, nanos, operator, name, ResultKey.reportable(code));
    }

    /** The first code {@code error-code}'s paths give at exit ({@code thrown...} only when the method threw). */
    private long errorCode(Object self, Object argument, Object resultArgument, Throwable thrown, Object returned) {
        for (ValuePath p : errorCode) { // an array: no iterator on the success path
            if (p.root() == ValuePath.Root.THROWN && thrown == null) {
                continue;
            }
            long code = p.readNumber(root(p, self, argument, resultArgument, thrown, returned));
            if (code != ValuePath.NO_NUMBER) {
                return code;
            }
        }
        return ValuePath.NO_NUMBER;
    }

    /** What a thrown exception alone is recorded as (code, name, operator), as in {@link #exit}. */
    ErrorInfo error(Throwable thrown) {
        long code = errorCode(null, null, null, thrown, null);
        return new ErrorInfo(errorName(null, null, null, thrown, null, code), ResultKey.reportable(code), operator(null, null, null, thrown, null));
    }

    /** The failure path: allocation is fine here. */
    private String errorName(Object self, Object argument, Object resultArgument, Throwable thrown, Object returned, long code) {
        String named = firstName(spec.errorName, self, argument, resultArgument, thrown, returned);
        if (named != null) {
            return named;
        }
        if (spec.errorNames != null && code != ValuePath.NO_NUMBER) {
            String n = spec.errorNames.name(code, loader.get(),
                    why -> stats.problem(spec.where + ": error-names=" + spec.errorNames + ": " + why));
            if (n != null && !Names.identifier(n).equals(ResultKey.UNKNOWN)) {
                return n;
            }
        }
        if (thrown != null) {
            return Names.errorName(null, thrown);
        }
        return ResultKey.UNKNOWN;
    }

    private String operator(Object self, Object argument, Object resultArgument, Throwable thrown, Object returned) {
        String named = firstName(spec.operator, self, argument, resultArgument, thrown, returned);
        if (named != null) {
            return named;
        }
        if (spec.operatorRegex != null && thrown != null) {
            String message = ErrorInfo.message(thrown);
            if (message != null) {
                Matcher m = spec.operatorRegex.matcher(message);
                if (m.find() && m.group(1) != null) {
                    return Names.identifier(m.group(1));
                }
            }
        }
        return ResultKey.UNKNOWN;
    }

    /** The first of the paths that gives an identifier (a String or an enum's name), or null. */
    private String firstName(java.util.List<ValuePath> paths, Object self, Object argument, Object resultArgument,
                             Throwable thrown, Object returned) {
        for (ValuePath p : paths) {
            if (p.root() == ValuePath.Root.THROWN && thrown == null) {
                continue;
            }
            Object v = p.readObject(root(p, self, argument, resultArgument, thrown, returned));
            String s = v instanceof Enum ? ((Enum<?>) v).name() : v instanceof String ? (String) v : null;
            if (s != null && !Names.identifier(s).equals(ResultKey.UNKNOWN)) {
                return s;
            }
        }
        return null;
    }

    private Object root(ValuePath p, Object self, Object argument, Object resultArgument, Throwable thrown, Object returned) {
        switch (p.root()) {
            case THIS: return self;
            case THROWN: return thrown;
            case RETURN: return returned;
            default: return p.argument() == spec.commandArgument() ? argument : resultArgument;
        }
    }
}
