package dev.telemetry.agent.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An immutable copy of the metrics, as the reporter and JMX read it. */
public final class MetricsSnapshot {
    private final Map<String, Command> commands;
    private final Map<ResultKey, Long> results;
    private final long droppedCommands;
    private final long droppedResults;

    MetricsSnapshot(Map<String, Command> commands, Map<ResultKey, Long> results, long droppedCommands, long droppedResults) {
        this.commands = Collections.unmodifiableMap(new TreeMap<>(commands));
        this.results = Collections.unmodifiableMap(results);
        this.droppedCommands = droppedCommands;
        this.droppedResults = droppedResults;
    }

    /** By command name, sorted. */
    public Map<String, Command> commands() { return commands; }
    public Map<ResultKey, Long> results() { return results; }
    /** Dispatches counted under {@code other} because the command cap was reached. */
    public long droppedCommands() { return droppedCommands; }
    /** Failures counted under {@code other} because the result cap was reached. */
    public long droppedResults() { return droppedResults; }

    public static final class Command {
        public final String name;
        public final long count;
        public final long failures;
        public final long totalNanos;
        private final long[] histogram;

        Command(String name, long count, long failures, long totalNanos, long[] histogram) {
            this.name = name;
            this.count = count;
            this.failures = failures;
            this.totalNanos = totalNanos;
            this.histogram = histogram;
        }

        public long[] histogram() {
            return histogram.clone();
        }

        Command atLeast(Command before) {
            if (before == null) {
                return this;
            }
            long[] h = new long[histogram.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = Math.max(histogram[i], before.histogram[i]);
            }
            long count = 0;
            for (long c : h) {
                count += c;
            }
            return new Command(name, count, Math.min(count, Math.max(failures, before.failures)),
                    Math.max(totalNanos, before.totalNanos), h);
        }
    }
}
