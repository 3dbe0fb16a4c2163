package dev.telemetry.agent.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics a running agent reports (over JMX, read with the real CLI {@code metrics <pid>}, or in a report); not the agent's own {@code metrics.Metrics}. */
public final class ReportedMetrics {
    public final Map<String, Object> json;

    private ReportedMetrics(Map<String, Object> json) {
        this.json = json;
    }

    /** The metrics part of a report. */
    public static ReportedMetrics of(Map<String, Object> report) {
        return new ReportedMetrics(report);
    }

    public static ReportedMetrics of(ForkedJvm jvm) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        ForkedJvm.Result r;
        do {
            r = ForkedJvm.cli(Map.of(), "metrics", Long.toString(jvm.pid()));
            if (r.exit == 0) {
                return new ReportedMetrics(Json.object(r.out));
            }
            Thread.sleep(200); // the MBean appears after start-delay
        } while (System.currentTimeMillis() < end);
        throw new AssertionError("could not read metrics: " + r + "\nhost stderr: " + jvm.stderr());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> command(String name) {
        return (Map<String, Object>) ((Map<String, Object>) json.get("commands")).get(name);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> commands() {
        return (Map<String, Object>) json.get("commands");
    }

    public long count(String command) {
        Map<String, Object> c = command(command);
        return c == null ? 0 : (Long) c.get("count");
    }

    public long failures(String command) {
        Map<String, Object> c = command(command);
        return c == null ? 0 : (Long) c.get("failures");
    }

    /** "command operator result code" -> count, e.g. "find $where BadValue 2" -> 1. */
    @SuppressWarnings("unchecked")
    public Map<String, Long> results() {
        Map<String, Long> out = new TreeMap<>();
        for (Object o : (List<Object>) json.get("results")) {
            Map<String, Object> r = (Map<String, Object>) o;
            out.put(r.get("command") + " " + r.get("operator") + " " + r.get("result") + " " + r.get("code"), (Long) r.get("count"));
        }
        return out;
    }

    /** Every command's histogram adds up to its count. */
    @SuppressWarnings("unchecked")
    public void assertHistogramsAddUp() {
        for (Map.Entry<String, Object> e : commands().entrySet()) {
            Map<String, Object> c = (Map<String, Object>) e.getValue();
            long sum = 0;
            for (Object v : (List<Object>) c.get("histogram")) {
                sum += (Long) v;
            }
            assertThat(sum).as(e.getKey()).isEqualTo(c.get("count"));
        }
    }

    public List<String> commandNames() {
        return new ArrayList<>(commands().keySet());
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
