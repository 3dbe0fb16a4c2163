package dev.telemetry.beacon.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns a request body into a {@link Report}, trusting nothing: size, depth, types, ranges, and the
 * same name validation the agent applies. Every rejection says why, in a short sentence.
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
    static final int HISTOGRAM_BUCKETS = 29;

    private static final Pattern COMMAND = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern OPERATOR = Pattern.compile("\\$?[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** What an application name and a version may be; the dashboard's filter takes the same. */
    public static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,128}");
    private static final Set<String> INSTALLATION_TYPES = Set.of("docker", "package", "self-built", "unknown");
    private static final Set<String> STATES = Set.of("enabled", "undecided", "disabled");

    private final ObjectMapper json;
    /**
     * Names that matched their pattern before, per pattern: a fleet's reports repeat the same command,
     * operator and error names, and a set lookup is cheaper than the regular expression. Bounded: past
     * {@link #REMEMBERED} names a pattern's set stops growing and new names are matched as always.
     */
    private final Map<Pattern, Set<String>> valid = new ConcurrentHashMap<>();
    static final int REMEMBERED = 4096;

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
        long schema = number(root, "schema_version", 1, 1_000);
        if (schema != 1) {
            throw new Rejected("schema_version", "unsupported schema_version " + schema + "; this beacon reads 1");
        }
        JsonNode app = object(root, "app");
        JsonNode agent = object(root, "agent");
        JsonNode runtime = object(root, "runtime");
        List<String> tags = new ArrayList<>();
        JsonNode tagNodes = array(app, "build_tags", 16);
        for (JsonNode t : tagNodes) {
            tags.add(match(t, "app.build_tags[]", TAG));
        }
        String installationType = text(app, "installation_type");
        if (!INSTALLATION_TYPES.contains(installationType)) {
            throw new Rejected("app.installation_type must be one of " + INSTALLATION_TYPES);
        }
        String telemetry = text(root, "telemetry");
        if (!STATES.contains(telemetry)) {
            throw new Rejected("telemetry must be one of " + STATES);
        }
        List<Report.Command> commands = commands(object(root, "commands"));
        List<Report.Result> results = results(array(root, "results", MAX_RESULTS));
        JsonNode dropped = object(root, "dropped");
        return new Report(
                uuid(root, "uuid", true), uuid(root, "run_id", false), number(root, "sequence", 1, Long.MAX_VALUE),
                match(app.get("name"), "app.name", APP_NAME), version(app.get("version"), "app.version"),
                match(app.get("backend"), "app.backend", IDENTIFIER), installationType, tags,
                version(agent.get("version"), "agent.version"), match(agent.get("profile"), "agent.profile", COMMAND),
                match(runtime.get("java_version"), "runtime.java_version", PRINTABLE),
                match(runtime.get("java_vendor"), "runtime.java_vendor", PRINTABLE),
                match(runtime.get("os"), "runtime.os", PRINTABLE), match(runtime.get("arch"), "runtime.arch", PRINTABLE),
                number(root, "uptime_s", 0, Long.MAX_VALUE), telemetry, commands, results,
                number(dropped, "commands", 0, Long.MAX_VALUE), number(dropped, "results", 0, Long.MAX_VALUE),
                number(dropped, "omitted_commands", 0, Long.MAX_VALUE), number(dropped, "omitted_results", 0, Long.MAX_VALUE));
    }

    private List<Report.Command> commands(JsonNode node) throws Rejected {
        if (node.size() > MAX_COMMANDS) {
            throw new Rejected("more than " + MAX_COMMANDS + " commands");
        }
        List<Report.Command> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (!matches(COMMAND, name)) {
                throw new Rejected("command name \"" + shorten(name) + "\" is not a valid name");
            }
            JsonNode c = e.getValue();
            if (!c.isObject()) {
                throw new Rejected("commands." + name + " must be an object");
            }
            long count = number(c, "count", 0, MAX_COUNT);
            long failures = number(c, "failures", 0, count);
            long total = number(c, "total_us", 0, MAX_MICROS);
            JsonNode h = array(c, "histogram", HISTOGRAM_BUCKETS);
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

    private List<Report.Result> results(JsonNode node) throws Rejected {
        List<Report.Result> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode r : node) {
            if (!r.isObject()) {
                throw new Rejected("results[] must be objects");
            }
            String command = match(r.get("command"), "results[].command", COMMAND);
            String operator = match(r.get("operator"), "results[].operator", OPERATOR);
            String result = match(r.get("result"), "results[].result", IDENTIFIER);
            JsonNode codeNode = r.get("code");
            int code;
            if (codeNode == null || codeNode.isNull()) {
                code = Report.NO_CODE;
            } else if (codeNode.isIntegralNumber() && codeNode.canConvertToInt() && codeNode.asInt() != Report.NO_CODE) {
                code = codeNode.asInt();
            } else {
                throw new Rejected("results[].code must be null or a whole number from -2147483647 to 2147483647");
            }
            long count = number(r, "count", 0, MAX_COUNT);
            if (!seen.add(command + "\u0000" + operator + "\u0000" + result + "\u0000" + code)) {
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

    private boolean matches(Pattern p, String s) {
        Set<String> known = valid.computeIfAbsent(p, x -> ConcurrentHashMap.newKeySet());
        if (known.contains(s)) {
            return true;
        }
        if (!p.matcher(s).matches()) {
            return false;
        }
        if (known.size() < REMEMBERED) {
            known.add(s);
        }
        return true;
    }

    private String match(JsonNode n, String field, Pattern p) throws Rejected {
        if (n == null || !n.isTextual() || !matches(p, n.asText())) {
            throw new Rejected(field + " is missing or not valid");
        }
        return n.asText();
    }

    private String version(JsonNode n, String field) throws Rejected {
        return match(n, field, VERSION);
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
