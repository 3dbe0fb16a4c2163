package dev.telemetry.agent.state;

import dev.telemetry.agent.report.ReportWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an enable covers: the report schema version it was given for. A new major schema version
 * (the report's {@code schema_version}) is one that adds new kinds of data; an enable given for an
 * earlier one no longer decides, so the user is asked again. Each version names what it adds, for
 * the startup line and warning.
 */
public final class ConsentScope {
    /** The reports this agent sends. Add a line here with every new schema version. */
    public static final ConsentScope CURRENT = new ConsentScope(ReportWriter.SCHEMA_VERSION, Collections.singletonMap(1,
            "the installation UUID, versions, backend, installation type, runtime, uptime, per-command counts and latencies, and error codes with operator names"));

    private final int schema;
    private final Map<Integer, String> adds;

    public ConsentScope(int schema, Map<Integer, String> adds) {
        this.schema = schema;
        this.adds = new TreeMap<>(adds);
    }

    /** The schema version of the reports this agent would send. */
    public int schema() {
        return schema;
    }

    /** True when an enable given for {@code consented} still covers what is sent now. */
    public boolean covers(int consented) {
        return consented >= schema;
    }

    /** What the versions after {@code consented}, up to the current one, add, in words. */
    public String addedSince(int consented) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, String> e : adds.entrySet()) {
            if (e.getKey() > consented && e.getKey() <= schema) {
                out.add(e.getValue());
            }
        }
        return out.isEmpty() ? "new kinds of data" : String.join("; ", out);
    }
}
