package dev.telemetry.agent.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative counts since start: per command (count, failures, total time, histogram) and per
 * (command, operator, result). Lock-free on the recording side; both maps are capped, and what does
 * not fit is counted under {@code other} and in a dropped count, so a flood of distinct names keeps
 * memory bounded.
 */
public final class Metrics {
    private final int maxCommands;
    private final int maxResults;

    private final ConcurrentHashMap<String, CommandCell> commands = new ConcurrentHashMap<>();
    private final AtomicInteger commandSlots = new AtomicInteger();
    /**
     * Made when the cap is first reached: a cell's striped counters are the first {@code LongAdder}s,
     * whose class set-up is milliseconds of the premain thread (where {@code Metrics} is made).
     */
    private volatile CommandCell otherCommand;
    /** Made with {@link #otherCommand}, before it is published. */
    private LongAdder droppedCommands;

    private final ConcurrentHashMap<ResultKey, LongAdder> results = new ConcurrentHashMap<>();
    private final AtomicInteger resultSlots = new AtomicInteger();
    /** Made when the cap is first reached. */
    private volatile LongAdder droppedResults;

    private final Object snapshotLock = new Object();
    private final Object overflowLock = new Object();
    private MetricsSnapshot last;

    public Metrics(int maxCommands, int maxResults) {
        this.maxCommands = maxCommands;
        this.maxResults = maxResults;
    }

    /**
     * Sets up the striped counters' classes (off the premain thread, before the first dispatch
     * usually), so the host's first command does not pay for it.
     */
    public static void prepareCounters() {
        new LongAdder().increment();
    }

    /** The cell for a validated command name; {@code other} once the cap is reached. */
    public CommandCell command(String name) {
        CommandCell cell = commands.get(name);
        if (cell != null) {
            return cell;
        }
        if (commandSlots.incrementAndGet() > maxCommands) {
            commandSlots.decrementAndGet();
            return other();
        }
        CommandCell created = new CommandCell(name, isWriteCommand(name));
        CommandCell raced = commands.putIfAbsent(name, created);
        if (raced != null) {
            commandSlots.decrementAndGet();
            return raced;
        }
        return created;
    }

    /** Past the cap, on the dispatch thread: a read once made; the lock (a private one) only to make it. */
    private CommandCell other() {
        CommandCell o = otherCommand;
        if (o != null) {
            return o;
        }
        synchronized (overflowLock) {
            o = otherCommand;
            if (o == null) {
                droppedCommands = new LongAdder();
                o = new CommandCell(ResultKey.OTHER, false);
                otherCommand = o;
            }
            return o;
        }
    }

    private LongAdder droppedResults() {
        LongAdder d = droppedResults;
        if (d == null) {
            synchronized (overflowLock) {
                d = droppedResults;
                if (d == null) {
                    d = new LongAdder();
                    droppedResults = d;
                }
            }
        }
        return d;
    }

    private static boolean isWriteCommand(String name) {
        return name.equals("insert") || name.equals("update") || name.equals("delete");
    }

    /** The success path: two striped counters, no allocation. */
    public void recordOk(CommandCell cell, long nanos) {
        if (cell == otherCommand) {
            droppedCommands.increment();
        }
        cell.recordOk(nanos);
    }

    /** A failed dispatch. {@code code} is {@link ResultKey#NO_CODE} when unknown. */
    public void recordError(CommandCell cell, long nanos, String operator, String error, long code) {
        if (cell == otherCommand) {
            droppedCommands.increment();
        }
        cell.recordFailure(nanos);
        countResult(new ResultKey(cell.name(), operator, error, code));
    }

    private void countResult(ResultKey key) {
        LongAdder counter = results.get(key);
        if (counter == null) {
            if (resultSlots.incrementAndGet() > maxResults) {
                resultSlots.decrementAndGet();
                droppedResults().increment();
                key = ResultKey.OVERFLOW;
            }
            counter = results.computeIfAbsent(key, k -> new LongAdder());
        }
        counter.increment();
    }

    /**
     * A dispatch already counted as a success failed after all (learned later, on another thread):
     * one more failure and its result row, no new dispatch.
     */
    public void recordLateFailure(CommandCell cell, String operator, String error, long code) {
        cell.recordLateFailure();
        countResult(new ResultKey(cell.name(), operator, error, code));
    }

    /**
     * A consistent-enough copy for a report. Counters are read one by one while the host keeps
     * recording, so each value is clamped to at least what the previous snapshot said: counts never
     * go down between snapshots, and no row reported before goes missing.
     */
    public MetricsSnapshot snapshot() {
        synchronized (snapshotLock) {
            Map<String, MetricsSnapshot.Command> cmds = new HashMap<>();
            List<CommandCell> cells = new ArrayList<>(commands.values());
            CommandCell other = otherCommand;
            if (other != null) {
                cells.add(other);
            }
            for (CommandCell cell : cells) {
                long[] histogram = cell.histogram();
                long count = 0;
                for (long c : histogram) {
                    count += c;
                }
                if (count == 0) {
                    continue;
                }
                MetricsSnapshot.Command c = new MetricsSnapshot.Command(cell.name(), count,
                        Math.min(cell.failures(), count), cell.totalNanos(), histogram);
                cmds.put(c.name, last == null ? c : c.atLeast(last.commands().get(c.name)));
            }
            Map<ResultKey, Long> res = new HashMap<>();
            for (Map.Entry<ResultKey, LongAdder> e : results.entrySet()) {
                res.put(e.getKey(), atLeastLast(e.getKey(), e.getValue().sum()));
            }
            for (MetricsSnapshot.Command c : cmds.values()) {
                long ok = c.count - c.failures;
                if (ok > 0) {
                    ResultKey key = new ResultKey(c.name, ResultKey.UNKNOWN, ResultKey.OK, ResultKey.NO_CODE);
                    res.put(key, atLeastLast(key, ok));
                }
            }
            if (last != null) {
                // an ok row is derived (count - failures) and can read 0 while the counters race: a row
                // once reported stays, at its last count at least
                last.results().forEach(res::putIfAbsent);
            }
            long dc = other == null ? 0 : droppedCommands.sum();
            LongAdder lostResults = droppedResults;
            long dr = lostResults == null ? 0 : lostResults.sum();
            if (last != null) {
                dc = Math.max(dc, last.droppedCommands());
                dr = Math.max(dr, last.droppedResults());
            }
            last = new MetricsSnapshot(cmds, res, dc, dr);
            return last;
        }
    }

    /** A result count, never below what the previous snapshot said. Called under snapshotLock. */
    private long atLeastLast(ResultKey key, long value) {
        Long before = last == null ? null : last.results().get(key);
        return before != null ? Math.max(value, before) : value;
    }

    public int distinctCommands() {
        return commands.size();
    }
}
