package dev.telemetry.beacon.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.contract.LatencyBuckets;
import dev.telemetry.contract.ReportFields;
import dev.telemetry.contract.ReportNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Turns a request body into a {@link Report}, trusting nothing: size, depth, types, ranges, and the
 * same name validation the agent applies (the report contract's {@link ReportNames}). Every rejection says why, in a short sentence.
 */
public final class ReportParser {
    public static final int MAX_BYTES = 256 * 1024;
    public static final int MAX_COMMANDS = 1024;
    public static final int MAX_RESULTS = 4096;
    /**
     * Largest count (dispatches, failures, results) and summed duration accepted: far beyond any real
     * run, and small enough that the beacon's sums of many reports stay inside a long.
     */
    public static final long MAX_COUNT = 1L << 48;
    public static final long MAX_MICROS = 1L << 56;
    static final int HISTOGRAM_BUCKETS = LatencyBuckets.COUNT;

    private static final Set<String> INSTALLATION_TYPES = Set.of("docker", "package", "self-built", "unknown");
    private static final Set<String> STATES = Set.of("enabled", "undecided", "disabled");

    private final ObjectMapper json;

    public ReportParser() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(4096)
                        .maxNumberLength(20).build())
                .build();
        this.json = new ObjectMapper(factory);
    }

    /** The reason a report is refused; the message is the reply's {@code error}, the reason a metric's label. */
    public static final class Rejected extends Exception {
        /** The refusal's kind, as /metrics counts it: too_large, malformed, schema_version, invalid. */
        private final String reason;

        public Rejected(String message) {
            this("invalid", message);
        }

        public Rejected(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    public Report parse(byte[] body) throws Rejected {
        if (body.length > MAX_BYTES) {
            throw new Rejected("too_large", "the report is larger than " + MAX_BYTES / 1024 + " KiB");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new Rejected("malformed", "the body is not well-formed JSON (or nests too deep)");
        }
        if (root == null || !root.isObject()) {
            throw new Rejected("malformed", "the report must be a JSON object");
        }
        long schema = number(root, ReportFields.SCHEMA_VERSION, 1, 1_000);
        if (schema != ReportFields.CURRENT_SCHEMA) {
            throw new Rejected("schema_version", "unsupported schema_version " + schema + "; this beacon reads " + ReportFields.CURRENT_SCHEMA);
        }
        JsonNode app = object(root, ReportFields.APP);
        JsonNode agent = object(root, ReportFields.AGENT);
        JsonNode runtime = object(root, ReportFields.RUNTIME);
        List<String> tags = new ArrayList<>();
        JsonNode tagNodes = array(app, ReportFields.App.BUILD_TAGS, 16);
        for (JsonNode t : tagNodes) {
            tags.add(match(t, "app.build_tags[]", ReportNames::isBuildTag));
        }
        String installationType = text(app, ReportFields.App.INSTALLATION_TYPE);
        if (!INSTALLATION_TYPES.contains(installationType)) {
            throw new Rejected("app.installation_type must be one of " + INSTALLATION_TYPES);
        }
        String telemetry = text(root, ReportFields.TELEMETRY);
        if (!STATES.contains(telemetry)) {
            throw new Rejected("telemetry must be one of " + STATES);
        }
        List<Report.Command> commands = commands(object(root, ReportFields.COMMANDS));
        List<Report.Result> results = results(array(root, ReportFields.RESULTS, MAX_RESULTS));
        JsonNode dropped = object(root, ReportFields.DROPPED);
        return new Report(
                uuid(root, ReportFields.UUID, true), uuid(root, ReportFields.RUN_ID, false),
                number(root, ReportFields.SEQUENCE, 1, Long.MAX_VALUE),
                match(app.get(ReportFields.App.NAME), "app.name", ReportNames::isAppName),
                version(app.get(ReportFields.App.VERSION), "app.version"),
                match(app.get(ReportFields.App.BACKEND), "app.backend", ReportNames::isIdentifier), installationType, tags,
                version(agent.get(ReportFields.Agent.VERSION), "agent.version"),
                match(agent.get(ReportFields.Agent.PROFILE), "agent.profile", ReportNames::isCommand),
                match(runtime.get(ReportFields.Runtime.JAVA_VERSION), "runtime.java_version", ReportNames::isPrintable),
                match(runtime.get(ReportFields.Runtime.JAVA_VENDOR), "runtime.java_vendor", ReportNames::isPrintable),
                match(runtime.get(ReportFields.Runtime.OS), "runtime.os", ReportNames::isPrintable),
                match(runtime.get(ReportFields.Runtime.ARCH), "runtime.arch", ReportNames::isPrintable),
                number(root, ReportFields.UPTIME_S, 0, Long.MAX_VALUE), telemetry, commands, results,
                number(dropped, ReportFields.Dropped.COMMANDS, 0, Long.MAX_VALUE),
                number(dropped, ReportFields.Dropped.RESULTS, 0, Long.MAX_VALUE),
                number(dropped, ReportFields.Dropped.OMITTED_COMMANDS, 0, Long.MAX_VALUE),
                number(dropped, ReportFields.Dropped.OMITTED_RESULTS, 0, Long.MAX_VALUE));
    }

    private static List<Report.Command> commands(JsonNode node) throws Rejected {
        if (node.size() > MAX_COMMANDS) {
            throw new Rejected("more than " + MAX_COMMANDS + " commands");
        }
        List<Report.Command> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!ReportNames.isCommand(name)) {
                throw new Rejected("command name \"" + shorten(name) + "\" is not a valid name");
            }
            JsonNode c = e.getValue();
            if (!c.isObject()) {
                throw new Rejected("commands." + name + " must be an object");
            }
            long count = number(c, ReportFields.Command.COUNT, 0, MAX_COUNT);
            long failures = number(c, ReportFields.Command.FAILURES, 0, count);
            long total = number(c, ReportFields.Command.TOTAL_US, 0, MAX_MICROS);
            JsonNode h = array(c, ReportFields.Command.HISTOGRAM, HISTOGRAM_BUCKETS);
            long[] histogram = new long[h.size()];
            long sum = 0;
            for (int i = 0; i < histogram.length; i++) {
                JsonNode b = h.get(i);
                if (!b.canConvertToLong() || !b.isIntegralNumber() || b.asLong() < 0 || b.asLong() > MAX_COUNT) {
                    throw new Rejected("commands." + name + ".histogram must hold whole numbers from 0 to " + MAX_COUNT);
                }
                histogram[i] = b.asLong();
                sum += histogram[i];
            }
            if (sum != count) {
                throw new Rejected("commands." + name + ".histogram does not add up to its count");
            }
            out.add(new Report.Command(name, count, failures, total, histogram));
        }
        return out;
    }

    private static List<Report.Result> results(JsonNode node) throws Rejected {
        List<Report.Result> out = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (JsonNode r : node) {
            if (!r.isObject()) {
                throw new Rejected("results[] must be objects");
            }
            String command = match(r.get(ReportFields.Result.COMMAND), "results[].command", ReportNames::isCommand);
            String operator = match(r.get(ReportFields.Result.OPERATOR), "results[].operator", ReportNames::isOperator);
            String result = match(r.get(ReportFields.Result.RESULT), "results[].result", ReportNames::isIdentifier);
            JsonNode codeNode = r.get(ReportFields.Result.CODE);
            int code;
            if (codeNode == null || codeNode.isNull()) {
                code = Report.NO_CODE;
            } else if (codeNode.isIntegralNumber() && codeNode.canConvertToInt() && codeNode.asInt() != Report.NO_CODE) {
                code = codeNode.asInt();
            } else {
                throw new Rejected("results[].code must be null or a whole number from -2147483647 to 2147483647");
            }
            long count = number(r, ReportFields.Result.COUNT, 0, MAX_COUNT);
            if (!seen.add(List.of(command, operator, result, code))) {
                throw new Rejected("results[] lists the same (command, operator, result, code) twice");
            }
            out.add(new Report.Result(command, operator, result, code, count));
        }
        return out;
    }

    private static JsonNode object(JsonNode parent, String field) throws Rejected {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw new Rejected(field + " must be an object");
        }
        return n;
    }

    private static JsonNode array(JsonNode parent, String field, int max) throws Rejected {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray()) {
            throw new Rejected(field + " must be an array");
        }
        if (n.size() > max) {
            throw new Rejected(field + " has more than " + max + " entries");
        }
        return n;
    }

    private static long number(JsonNode parent, String field, long min, long max) throws Rejected {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new Rejected(field + " must be a whole number");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw new Rejected(field + " must be between " + min + " and " + max);
        }
        return v;
    }

    private static String text(JsonNode parent, String field) throws Rejected {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw new Rejected(field + " must be a string");
        }
        return n.asText();
    }

    private static String match(JsonNode n, String field, Predicate<String> valid) throws Rejected {
        if (n == null || !n.isTextual() || !valid.test(n.asText())) {
            throw new Rejected(field + " is missing or not valid");
        }
        return n.asText();
    }

    private static String version(JsonNode n, String field) throws Rejected {
        return match(n, field, ReportNames::isVersion);
    }

    private static UUID uuid(JsonNode parent, String field, boolean version4) throws Rejected {
        String text = text(parent, field);
        try {
            UUID u = UUID.fromString(text);
            if (u.toString().equals(text.toLowerCase(Locale.ROOT)) && (!version4 || u.version() == 4)) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new Rejected(field + " must be a UUID" + (version4 ? " (version 4)" : ""));
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
