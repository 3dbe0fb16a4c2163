package dev.telemetry.testapp;

import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.contract.LatencyBuckets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A report in a form a person reads at a glance: per command count, failures, p50 and p99; errors by code and operator. */
final class Summary {
    final Map<String, long[]> commands = new TreeMap<>();      // count, failures, p50 and p99 (the buckets' upper edges)
    final Map<String, Long> results = new TreeMap<>();           // "command operator result code" -> count

    static Summary of(Report report) {
        Summary s = new Summary();
        for (Report.Command c : report.commands()) {
            s.commands.put(c.name(), new long[]{c.count(), c.failures(),
                    LatencyBuckets.percentileMicros(c.histogram(), 0.50), LatencyBuckets.percentileMicros(c.histogram(), 0.99)});
        }
        for (Report.Result r : report.results()) {
            s.results.put(key(r.command(), r.operator(), r.result(), r.code()), r.count());
        }
        return s;
    }

    static String key(String command, String operator, String result, int code) {
        return command + " " + operator + " " + result + " " + (code < 0 ? "null" : Integer.toString(code));
    }

    static String headline(Report r) {
        long dispatches = 0;
        long failures = 0;
        for (Report.Command c : r.commands()) {
            dispatches += c.count();
            failures += c.failures();
        }
        return "report #" + r.sequence() + " from " + r.appName() + " " + r.appVersion() + " (" + r.backend() + ", "
                + r.installationType() + "), telemetry " + r.telemetry() + ", uptime " + r.uptimeSeconds() + " s: "
                + dispatches + " dispatches of " + r.commands().size() + " commands, " + failures + " failed";
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("  %-26s %7s %8s %10s %10s%n", "command", "count", "failed", "p50", "p99"));
        for (Map.Entry<String, long[]> e : commands.entrySet()) {
            long[] v = e.getValue();
            b.append(String.format("  %-26s %7d %8d %10s %10s%n", e.getKey(), v[0], v[1], bound(v[2]), bound(v[3])));
        }
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, Long> e : results.entrySet()) {
            String[] k = e.getKey().split(" ");
            if (!k[2].equals("ok")) {
                errors.add(String.format("  %-12s %-18s %-16s code %-6s x%d", k[0], k[1].equals("unknown") ? "-" : k[1], k[2],
                        k[3].equals("null") ? "-" : k[3], e.getValue()));
            }
        }
        if (!errors.isEmpty()) {
            b.append("  errors (command, operator, error, code):\n");
            errors.forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    /** A percentile as the contract reads it ({@link LatencyBuckets#percentileMicros}), in a table cell. */
    static String bound(long micros) {
        if (micros == LatencyBuckets.NO_COUNTS) {
            return "-";
        }
        if (micros == LatencyBuckets.UNBOUNDED) {
            return ">134s";
        }
        return micros >= 1000 ? String.format("<%.1fms", micros / 1000.0) : "<" + micros + "us";
    }
}
