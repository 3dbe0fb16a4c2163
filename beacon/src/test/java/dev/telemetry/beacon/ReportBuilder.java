package dev.telemetry.beacon;

import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.beacon.ingest.ReportParser;
import dev.telemetry.contract.LatencyBuckets;
import dev.telemetry.contract.ReportFields;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A report for tests, built by named steps from {@link Reports#valid}'s defaults (a new installation
 * and run, sequence 1) but with no commands and no results until they are added:
 * <pre>
 * report().installation(a).run(runA).sequence(2).version("1.0.0").java("17.0.15")
 *         .with(command("find").inBucket(2, 50).inBucket(10, 1).failures(3))
 *         .with(result("find").ok().times(48))
 *         .with(result("find").operator("$where").error("NotImplemented", 238).times(3))
 * </pre>
 */
public final class ReportBuilder {
    private final Map<String, Object> tree;

    private ReportBuilder() {
        tree = Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1);
        tree.put(ReportFields.COMMANDS, new LinkedHashMap<>());
        tree.put(ReportFields.RESULTS, new ArrayList<>());
    }

    public static ReportBuilder report() {
        return new ReportBuilder();
    }

    /** A command's dispatches: {@code count} is what its buckets add up to. */
    public static CommandRow command(String name) {
        return new CommandRow(name);
    }

    /** A (command, operator, result, code) row: by default operator {@code unknown}, result {@code ok}, no code. */
    public static ResultRow result(String command) {
        return new ResultRow(command);
    }

    public ReportBuilder installation(UUID uuid) {
        tree.put(ReportFields.UUID, uuid.toString());
        return this;
    }

    public ReportBuilder run(UUID run) {
        tree.put(ReportFields.RUN_ID, run.toString());
        return this;
    }

    public ReportBuilder sequence(long sequence) {
        tree.put(ReportFields.SEQUENCE, sequence);
        return this;
    }

    public ReportBuilder app(String name) {
        return put(ReportFields.APP, ReportFields.App.NAME, name);
    }

    public ReportBuilder version(String version) {
        return put(ReportFields.APP, ReportFields.App.VERSION, version);
    }

    public ReportBuilder backend(String backend) {
        return put(ReportFields.APP, ReportFields.App.BACKEND, backend);
    }

    public ReportBuilder installationType(String type) {
        return put(ReportFields.APP, ReportFields.App.INSTALLATION_TYPE, type);
    }

    public ReportBuilder java(String version) {
        return put(ReportFields.RUNTIME, ReportFields.Runtime.JAVA_VERSION, version);
    }

    public ReportBuilder javaVendor(String vendor) {
        return put(ReportFields.RUNTIME, ReportFields.Runtime.JAVA_VENDOR, vendor);
    }

    public ReportBuilder os(String os) {
        return put(ReportFields.RUNTIME, ReportFields.Runtime.OS, os);
    }

    public ReportBuilder arch(String arch) {
        return put(ReportFields.RUNTIME, ReportFields.Runtime.ARCH, arch);
    }

    public ReportBuilder telemetry(String state) {
        tree.put(ReportFields.TELEMETRY, state);
        return this;
    }

    public ReportBuilder uptimeSeconds(long seconds) {
        tree.put(ReportFields.UPTIME_S, seconds);
        return this;
    }

    @SuppressWarnings("unchecked")
    public ReportBuilder with(CommandRow c) {
        ((Map<String, Object>) tree.get(ReportFields.COMMANDS)).put(c.name, c.tree());
        return this;
    }

    @SuppressWarnings("unchecked")
    public ReportBuilder with(ResultRow r) {
        ((List<Object>) tree.get(ReportFields.RESULTS)).add(Reports.result(r.command, r.operator, r.result, r.code, r.count));
        return this;
    }

    /** The report as a mutable JSON tree. */
    public Map<String, Object> tree() {
        return tree;
    }

    public byte[] bytes() {
        return Reports.bytes(tree);
    }

    /** Through the beacon's own parser, as a request body would go. */
    public Report parsed() throws ReportParser.Rejected {
        return new ReportParser().parse(bytes());
    }

    @SuppressWarnings("unchecked")
    private ReportBuilder put(String object, String field, Object value) {
        ((Map<String, Object>) tree.get(object)).put(field, value);
        return this;
    }

    /** One entry of {@code commands}. */
    public static final class CommandRow {
        private final String name;
        private final long[] histogram = new long[LatencyBuckets.COUNT];
        private long failures;
        private Long totalMicros;

        private CommandRow(String name) {
            this.name = name;
        }

        /** {@code count} more dispatches in the bucket ({@link LatencyBuckets}: bucket b is under 2^b µs). */
        public CommandRow inBucket(int bucket, long count) {
            histogram[bucket] += count;
            return this;
        }

        public CommandRow failures(long failures) {
            this.failures = failures;
            return this;
        }

        /** The summed duration; by default 100 µs a dispatch. */
        public CommandRow totalMicros(long micros) {
            this.totalMicros = micros;
            return this;
        }

        private Map<String, Object> tree() {
            long count = 0;
            int last = -1;
            for (int i = 0; i < histogram.length; i++) {
                count += histogram[i];
                last = histogram[i] > 0 ? i : last;
            }
            // trailing empty buckets left out, as the agent writes them
            long[] written = java.util.Arrays.copyOf(histogram, last + 1);
            Map<String, Object> c = Reports.command(count, failures, written);
            if (totalMicros != null) {
                c.put(ReportFields.Command.TOTAL_US, totalMicros);
            }
            return c;
        }
    }

    /** One entry of {@code results}. */
    public static final class ResultRow {
        private final String command;
        private String operator = "unknown";
        private String result = "ok";
        private Integer code;
        private long count;

        private ResultRow(String command) {
            this.command = command;
        }

        public ResultRow operator(String operator) {
            this.operator = operator;
            return this;
        }

        public ResultRow ok() {
            this.result = "ok";
            this.code = null;
            return this;
        }

        /** A failure by name, with no code. */
        public ResultRow error(String name) {
            this.result = name;
            this.code = null;
            return this;
        }

        public ResultRow error(String name, int code) {
            this.result = name;
            this.code = code;
            return this;
        }

        public ResultRow times(long count) {
            this.count = count;
            return this;
        }
    }
}
