package dev.telemetry.agent.profile;

import dev.telemetry.agent.metrics.CommandCell;
import dev.telemetry.agent.metrics.Metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Maps what a host passes as the command (a String as sent, an enum, a method name) to its cell, so
 * validation runs once per distinct spelling and the success path is one map lookup. Bounded: once
 * full, further spellings are validated on every call instead of being remembered.
 */
public final class CommandCache {
    static final int MAX_ENTRIES = 4096;

    private final ConcurrentHashMap<Object, CommandCell> cells = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private final Function<Object, String> validate;

    /** {@code validate} returns the validated name, or {@code unknown}. */
    public CommandCache(Metrics metrics, Function<Object, String> validate) {
        this.metrics = metrics;
        this.validate = validate;
    }

    public CommandCell cell(Object raw) {
        if (raw == null) {
            return metrics.command(dev.telemetry.agent.metrics.ResultKey.UNKNOWN);
        }
        CommandCell cell = cells.get(raw);
        if (cell == null) {
            cell = metrics.command(validate.apply(raw));
            // Long spellings are never valid names; not keeping them keeps the cache's memory small.
            boolean small = !(raw instanceof String) || ((String) raw).length() <= 128;
            if (small && cells.size() < MAX_ENTRIES) {
                cells.putIfAbsent(raw, cell);
            }
        }
        return cell;
    }
}
