package dev.telemetry.beacon;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds reports in the agent's format (docs/report-format.md) for tests. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {}

    /** A report that passes validation, as a mutable tree. */
    public static Map<String, Object> valid(UUID uuid, UUID run, long sequence) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("schema_version", 1);
        r.put("uuid", uuid.toString());
        r.put("run_id", run.toString());
        r.put("sequence", sequence);
        r.put("app", new LinkedHashMap<>(Map.of("name", "test-app", "version", "0.1.0", "backend", "memory",
                "installation_type", "self-built", "build_tags", List.of("enterprise"))));
        r.put("agent", new LinkedHashMap<>(Map.of("version", "0.1.0", "profile", "mongo-java-server")));
        r.put("runtime", new LinkedHashMap<>(Map.of("java_version", "17.0.15", "java_vendor", "Debian", "os", "Linux", "arch", "amd64")));
        r.put("uptime_s", 42);
        r.put("telemetry", "enabled");
        Map<String, Object> commands = new LinkedHashMap<>();
        commands.put("find", command(4 * sequence, sequence, new long[]{0, 0, 2 * sequence, 2 * sequence}));
        commands.put("insert", command(3, 1, new long[]{0, 1, 2}));
        r.put("commands", commands);
        List<Object> results = new ArrayList<>();
        results.add(result("find", "unknown", "ok", null, 3 * sequence));
        results.add(result("find", "$where", "BadValue", 2, sequence));
        results.add(result("insert", "unknown", "ok", null, 2));
        results.add(result("insert", "unknown", "DuplicateKey", 11000, 1));
        r.put("results", results);
        r.put("dropped", new LinkedHashMap<>(Map.of("commands", 0, "results", 0, "omitted_commands", 0, "omitted_results", 0)));
        return r;
    }

    public static Map<String, Object> command(long count, long failures, long[] histogram) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("count", count);
        c.put("failures", failures);
        c.put("total_us", count * 100);
        List<Long> h = new ArrayList<>();
        for (long b : histogram) {
            h.add(b);
        }
        c.put("histogram", h);
        return c;
    }

    public static Map<String, Object> result(String command, String operator, String result, Integer code, long count) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("operator", operator);
        m.put("result", result);
        m.put("code", code);
        m.put("count", count);
        return m;
    }

    public static byte[] bytes(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
