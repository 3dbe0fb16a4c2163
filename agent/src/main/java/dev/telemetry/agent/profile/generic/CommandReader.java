package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.metrics.CommandCell;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.path.Accessor;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.spec.HookSpec;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * Reads a hook's command from a call and finds its cell. Each distinct value (a String as sent, an
 * enum constant, a number, a class) is named once: case rule, vocabulary, validation. After that a
 * call is a cache lookup: no allocation on the success path. A regex cut is matched with one
 * reused Matcher per thread and looked up by region, so a text line is never copied either.
 */
final class CommandReader {
    static final int MAX_ENTRIES = 4096;
    /** How much of a line {@code command-regex} looks at. */
    static final int MAX_SCAN = 256;

    /** A value's cell and, when it is {@code unknown}, why. */
    static final class Resolved {
        final CommandCell cell;
        final HookStats.Unknown why;

        Resolved(CommandCell cell, HookStats.Unknown why) {
            this.cell = cell;
            this.why = why;
        }
    }

    private final HookSpec spec;
    private final Metrics metrics;
    private final HookStats stats;
    private final Supplier<ClassLoader> loader;
    private final ConcurrentHashMap<Object, Resolved> byValue = new ConcurrentHashMap<>();
    private final ClassValue<Resolved> byClass = new ClassValue<Resolved>() {
        @Override
        protected Resolved computeValue(Class<?> type) {
            return named(strip(type.getSimpleName()));
        }
    };
    private volatile NumberTable byNumber = new NumberTable(new long[0], new Resolved[0]);
    private final RegionTable byRegion;
    private final ThreadLocal<Matcher> matchers;

    CommandReader(HookSpec spec, Metrics metrics, HookStats stats, Supplier<ClassLoader> loader) {
        this.spec = spec;
        this.metrics = metrics;
        this.stats = stats;
        this.loader = loader;
        spec.command.onMissing(why -> stats.problem(spec.where + ": command=" + spec.command + ": " + why + "; counted as unknown"));
        this.byRegion = spec.commandRegex == null ? null : new RegionTable();
        this.matchers = spec.commandRegex == null ? null : ThreadLocal.withInitial(() -> spec.commandRegex.matcher(""));
    }

    /** The cell for the call's command; null when the value is null: not a dispatch, not counted. */
    Resolved read(Object rootValue) {
        Object value = rootValue;
        ValuePath path = spec.command;
        if (path.hasSteps()) {
            Object t = path.walk(rootValue);
            if (t == null) {
                return null;
            }
            if (t == ValuePath.FAILED) {
                return failed();
            }
            Accessor a = path.last(t);
            if (a.missing() != null) {
                return failed();
            }
            if (a.numeric()) {
                try {
                    return number(a.getLong(t));
                } catch (Throwable e) {
                    return failed();
                }
            }
            value = a.get(t);
            if (value == ValuePath.FAILED) {
                return failed();
            }
        }
        return value(value);
    }

    /** How many values are remembered (for tests: only accepted names are). */
    int remembered() {
        return byValue.size() + byNumber.keys.length;
    }

    /** For a {@code class} root: the runtime class. */
    Resolved ofClass(Class<?> type) {
        return type == null ? null : byClass.get(type);
    }

    private Resolved value(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String && byRegion == null) {
            Resolved known = byValue.get(value); // the common case first: a String seen before
            if (known != null) {
                return known;
            }
        }
        if (value instanceof String && byRegion != null) {
            return cut((String) value);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return number(((Number) value).longValue());
        }
        if (value instanceof Map) {
            // a command document: its first key names the command (read on every call, never cached)
            Map<?, ?> map = (Map<?, ?>) value;
            Object first = map.isEmpty() ? null : map.keySet().iterator().next();
            return first instanceof String || first instanceof Enum ? value(first) : unknown(HookStats.Unknown.NOT_A_NAME);
        }
        if (value instanceof Class) {
            return ofClass((Class<?>) value);
        }
        Resolved r = byValue.get(value);
        if (r != null) {
            return r;
        }
        if (value instanceof Enum) {
            r = named(((Enum<?>) value).name());
        } else if (value instanceof String) {
            r = named((String) value);
        } else {
            // any other object: never turned into text (its toString() could hold user data)
            return unknown(HookStats.Unknown.NOT_A_NAME);
        }
        // Only accepted names are kept: a client's other strings never stay in memory, and cannot fill
        // the cache so that a real command found later would be named again on every call.
        if (r.why == null && byValue.size() < MAX_ENTRIES) {
            byValue.putIfAbsent(value, r);
        }
        return r;
    }

    private Resolved number(long n) {
        NumberTable t = byNumber;
        int i = Arrays.binarySearch(t.keys, n);
        if (i >= 0) {
            return t.values[i];
        }
        String name = spec.commandNames == null ? null
                : spec.commandNames.name(n, loader.get(), why -> stats.problem(spec.where + ": command-names=" + spec.commandNames + ": " + why));
        Resolved r = name == null ? unknown(HookStats.Unknown.NOT_A_NAME) : named(name);
        if (r.why == null) { // a number without a name is not kept (a client can send any number)
            synchronized (this) {
                t = byNumber;
                if (t.keys.length < MAX_ENTRIES && Arrays.binarySearch(t.keys, n) < 0) {
                    byNumber = t.with(n, r);
                }
            }
        }
        return r;
    }

    private Resolved cut(String line) {
        Matcher m = matchers.get();
        try {
            m.reset(line);
            // the command word is at the start: a client's megabyte line is never scanned whole
            m.region(0, Math.min(line.length(), MAX_SCAN));
            if (!m.find() || m.start(1) < 0) {
                return unknown(HookStats.Unknown.INVALID_NAME);
            }
            int start = m.start(1);
            int end = m.end(1);
            Resolved r = byRegion.get(line, start, end, spec.commandCase);
            if (r != null) {
                return r;
            }
            r = named(line.substring(start, end));
            if (r.why == null) {
                // only names that passed are kept: a line's other words never stay in memory
                byRegion.put(r.cell.name(), r);
            }
            return r;
        } finally {
            m.reset(""); // do not keep the host's last line
        }
    }

    /** Case rule, vocabulary, validation: the one path from a spelling to a cell. */
    Resolved named(String raw) {
        String name = spec.commandCase.apply(raw);
        if (spec.vocabulary != null && !spec.vocabulary.contains(name, loader.get(),
                why -> stats.problem(spec.where + ": vocabulary=" + spec.vocabulary + ": " + why))) {
            return unknown(HookStats.Unknown.NOT_IN_VOCABULARY);
        }
        String valid = Names.genericCommand(name);
        if (valid.equals(ResultKey.UNKNOWN) && !name.equals(ResultKey.UNKNOWN)) {
            return unknown(HookStats.Unknown.INVALID_NAME);
        }
        CommandCell cell = metrics.command(valid);
        stats.recorded(cell);
        return new Resolved(cell, null);
    }

    private String strip(String simpleName) {
        for (String s : spec.commandStrip) {
            if (simpleName.length() > s.length() && simpleName.endsWith(s)) {
                return simpleName.substring(0, simpleName.length() - s.length());
            }
            if (simpleName.length() > s.length() && simpleName.startsWith(s)) {
                return simpleName.substring(s.length());
            }
        }
        return simpleName;
    }

    private Resolved failed() {
        return unknown(HookStats.Unknown.PATH_FAILED);
    }

    private final Resolved[] unknowns = new Resolved[HookStats.Unknown.values().length];

    private Resolved unknown(HookStats.Unknown why) {
        Resolved r = unknowns[why.ordinal()];
        if (r == null) {
            r = new Resolved(metrics.command(ResultKey.UNKNOWN), why);
            unknowns[why.ordinal()] = r;
        }
        return r;
    }

    /** Sorted numbers and their cells, replaced whole when one is added. */
    private static final class NumberTable {
        final long[] keys;
        final Resolved[] values;

        NumberTable(long[] keys, Resolved[] values) {
            this.keys = keys;
            this.values = values;
        }

        NumberTable with(long key, Resolved value) {
            int at = -Arrays.binarySearch(keys, key) - 1;
            long[] k = new long[keys.length + 1];
            Resolved[] v = new Resolved[keys.length + 1];
            System.arraycopy(keys, 0, k, 0, at);
            System.arraycopy(values, 0, v, 0, at);
            k[at] = key;
            v[at] = value;
            System.arraycopy(keys, at, k, at + 1, keys.length - at);
            System.arraycopy(values, at, v, at + 1, keys.length - at);
            return new NumberTable(k, v);
        }
    }
}
