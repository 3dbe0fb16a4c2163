package dev.telemetry.beacon.ingest;

import java.util.List;
import java.util.UUID;

/** A validated report (docs/report-format.md, schema_version 1). Only checked names and numbers. */
public record Report(
        UUID uuid, UUID runId, long sequence,
        String appName, String appVersion, String backend, String installationType, List<String> buildTags,
        String agentVersion, String profile,
        String javaVersion, String javaVendor, String os, String arch,
        long uptimeSeconds, String telemetry,
        List<Command> commands, List<Result> results,
        long droppedCommands, long droppedResults, long omittedCommands, long omittedResults) {

    /** A command's cumulative counts in this run. */
    public record Command(String name, CommandCounts counts) {
        public Command(String name, long count, long failures, long totalMicros, long[] histogram) {
            this(name, new CommandCounts(count, failures, totalMicros, histogram));
        }

        public long count() {
            return counts.count();
        }

        public long failures() {
            return counts.failures();
        }

        public long totalMicros() {
            return counts.totalMicros();
        }

        /** {@link dev.telemetry.beacon.store.Histograms#BUCKETS} buckets. */
        public long[] histogram() {
            return counts.histogram();
        }
    }

    /**
     * "No code": outside the codes a report may carry, since every other int is someone's real code
     * (ZooKeeper's are negative; -1 among them).
     */
    public static final int NO_CODE = Integer.MIN_VALUE;

    /** {@code code} is {@link #NO_CODE} when the error has none. */
    public record Result(String command, String operator, String result, int code, long count) {
    }
}
