package dev.telemetry.agent.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one command. The count is the sum of the histogram, so the success path touches
 * two striped counters and nothing else.
 */
public final class CommandCell {
    private final String name;
    private final boolean writeCommand;
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAdder failures = new LongAdder();

    CommandCell(String name, boolean writeCommand) {
        this.name = name;
        this.writeCommand = writeCommand;
    }

    public String name() { return name; }

    /** True for commands whose errors may come back inside an ok reply (insert, update, delete). */
    public boolean writeCommand() { return writeCommand; }

    void recordOk(long nanos) {
        totalNanos.add(nanos > 0 ? nanos : 0);
        histogram.record(nanos);
    }

    /** A failure learned after the dispatch was counted: the count stays, the failures grow. */
    void recordLateFailure() {
        failures.increment();
    }

    void recordFailure(long nanos) {
        failures.increment();
        recordOk(nanos);
    }

    long[] histogram() { return histogram.counts(); }

    /** Dispatches recorded so far (the histogram's sum; allocates, so not for the dispatch path). */
    public long count() {
        long n = 0;
        for (long c : histogram.counts()) {
            n += c;
        }
        return n;
    }
    long totalNanos() { return totalNanos.sum(); }
    long failures() { return failures.sum(); }
}
