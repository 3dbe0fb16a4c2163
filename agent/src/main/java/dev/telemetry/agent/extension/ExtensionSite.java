package dev.telemetry.agent.extension;

import dev.telemetry.agent.api.CallReader;
import dev.telemetry.agent.api.Failure;
import dev.telemetry.agent.metrics.CommandCell;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.Names;
import dev.telemetry.agent.profile.generic.HookStats;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One extension hook: asks the extension's reader, then validates, caps and records like any other
 * hook. Whatever the reader throws is caught and counted; the host never sees it.
 */
final class ExtensionSite implements DispatchSite {
    static final int MAX_ENTRIES = 4096;

    private final CallReader reader;
    private final Metrics metrics;
    private final HookStats stats;
    private final ConcurrentHashMap<String, CommandCell> cells = new ConcurrentHashMap<>();

    ExtensionSite(CallReader reader, Metrics metrics, HookStats stats) {
        this.reader = reader;
        this.metrics = metrics;
        this.stats = stats;
    }

    @Override
    public void record(Object command, long nanos, Throwable thrown, Object returned) {
        exit(null, null, command, null, null, nanos, thrown, returned, Long.MIN_VALUE);
    }

    @Override
    public void exit(Object self, Class<?> type, Object argument, Object resultArgument, String method, long nanos,
                     Throwable thrown, Object returned, long replyCode) {
        String name;
        try {
            name = reader.command(self, argument);
        } catch (Throwable e) {
            stats.problem("the extension's command() threw " + e.getClass().getName() + "; counted as unknown");
            name = ResultKey.UNKNOWN;
        }
        if (name == null) {
            stats.notDispatched();
            return;
        }
        CommandCell cell = cell(name);
        Failure f;
        try {
            f = reader.failure(self, argument, returned, thrown);
        } catch (Throwable e) {
            stats.problem("the extension's failure() threw " + e.getClass().getName() + "; the call counts as it ended");
            f = thrown == null ? null : Failure.of(thrown.getClass().getSimpleName(), Failure.NO_CODE);
        }
        if (f == null && thrown == null) {
            metrics.recordOk(cell, nanos);
            return;
        }
        stats.failed();
        String error = f == null ? Names.errorName(null, thrown) : Names.identifier(f.name());
        long code = f == null ? ResultKey.NO_CODE : ResultKey.reportable(f.code());
        String operator = f == null || f.operator() == null ? ResultKey.UNKNOWN : Names.identifier(f.operator());
        metrics.recordError(cell, nanos, operator, error, code);
    }

    /** The cell for a name the extension gave: validated once, remembered if valid (bounded). */
    CommandCell cell(String name) {
        CommandCell c = cells.get(name);
        if (c == null) {
            String valid = Names.genericCommand(name);
            c = metrics.command(valid);
            if (valid.equals(ResultKey.UNKNOWN)) {
                stats.unknown(HookStats.Unknown.INVALID_NAME);
                return c;
            }
            stats.recorded(c);
            if (cells.size() < MAX_ENTRIES) {
                cells.putIfAbsent(name, c);
            }
        }
        return c;
    }
}
