package dev.telemetry.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telemetry.agent.metrics.LatencyHistogram;
import dev.telemetry.agent.metrics.MetricsSnapshot;
import dev.telemetry.agent.metrics.ResultKey;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the metrics part of the JSON the agent exposes (JMX today, the report later): the one
 * serialiser of metrics. The format is documented in README.md ("Metrics").
 */
public final class MetricsJson {
    private static final JsonFactory JSON = new JsonFactory();

    private MetricsJson() {}

    public static String toJson(MetricsSnapshot snapshot) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            write(g, snapshot);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The fields {@code commands}, {@code results}, {@code dropped}, inside an object already started. */
    public static void write(JsonGenerator g, MetricsSnapshot snapshot) throws IOException {
        g.writeObjectFieldStart("commands");
        for (MetricsSnapshot.Command c : snapshot.commands().values()) {
            g.writeObjectFieldStart(c.name);
            g.writeNumberField("count", c.count);
            g.writeNumberField("failures", c.failures);
            g.writeNumberField("total_us", c.totalNanos / 1000);
            // sparse: {"<upper bound in µs, or "inf">": count} for non-empty buckets only
            g.writeObjectFieldStart("histogram_us");
            long[] h = c.histogram();
            for (int i = 0; i < h.length; i++) {
                if (h[i] != 0) {
                    long bound = LatencyHistogram.upperBoundMicros(i);
                    g.writeNumberField(bound == Long.MAX_VALUE ? "inf" : Long.toString(bound), h[i]);
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();

        List<Map.Entry<ResultKey, Long>> results = new ArrayList<>(snapshot.results().entrySet());
        results.sort(Comparator.comparing((Map.Entry<ResultKey, Long> e) -> e.getKey().command)
                .thenComparing(e -> e.getKey().operator)
                .thenComparing(e -> e.getKey().result)
                .thenComparingInt(e -> e.getKey().code));
        g.writeArrayFieldStart("results");
        for (Map.Entry<ResultKey, Long> e : results) {
            ResultKey k = e.getKey();
            g.writeStartObject();
            g.writeStringField("command", k.command);
            g.writeStringField("operator", k.operator);
            g.writeStringField("result", k.result);
            if (k.code != ResultKey.NO_CODE) {
                g.writeNumberField("code", k.code);
            } else {
                g.writeNullField("code");
            }
            g.writeNumberField("count", e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart("dropped");
        g.writeNumberField("commands", snapshot.droppedCommands());
        g.writeNumberField("results", snapshot.droppedResults());
        g.writeEndObject();
    }
}
