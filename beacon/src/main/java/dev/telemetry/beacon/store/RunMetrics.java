package dev.telemetry.beacon.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.telemetry.beacon.ingest.CommandCounts;
import dev.telemetry.beacon.ingest.Report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's cumulative metrics as of its latest report, kept as one compact row ({@code runs.metrics}):
 * JSON with every field named, in the report's own shape
 * ({@code {"commands": {"find": {"count", "failures", "total_us", "histogram": [...]}}, "results": [{"command",
 * "operator", "result", "code", "count"}]}}; trailing empty histogram buckets are left out).
 */
record RunMetrics(Map<String, CommandCounts> commands, List<Report.Result> results) {
    static final RunMetrics NONE = new RunMetrics(Map.of(), List.of());
    private static final JsonFactory JSON = new JsonFactory();

    static RunMetrics of(Report r) {
        Map<String, CommandCounts> commands = new LinkedHashMap<>();
        for (Report.Command c : r.commands()) {
            commands.put(c.name(), c.counts());
        }
        return new RunMetrics(commands, r.results());
    }

    /** The failing results' counts: (command, operator, result, code) -> count. */
    Map<Rollup.Gap, Long> failing() {
        Map<Rollup.Gap, Long> out = new HashMap<>();
        for (Report.Result res : results) {
            if (!res.result().equals("ok")) {
                out.merge(new Rollup.Gap(res.command(), res.operator(), res.result(), res.code()), res.count(), Long::sum);
            }
        }
        return out;
    }

    String toJson() {
        StringWriter w = new StringWriter(256 + 96 * commands.size() + 80 * results.size());
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("commands");
            for (Map.Entry<String, CommandCounts> e : commands.entrySet()) {
                CommandCounts c = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("count", c.count());
                g.writeNumberField("failures", c.failures());
                g.writeNumberField("total_us", c.totalMicros());
                long[] h = c.histogram();
                int used = h.length;
                while (used > 0 && h[used - 1] == 0) {
                    used--;
                }
                g.writeFieldName("histogram");
                g.writeArray(h, 0, used);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Report.Result res : results) {
                g.writeStartObject();
                g.writeStringField("command", res.command());
                g.writeStringField("operator", res.operator());
                g.writeStringField("result", res.result());
                if (res.code() == Report.NO_CODE) {
                    g.writeNullField("code"); // as in a report
                } else {
                    g.writeNumberField("code", res.code());
                }
                g.writeNumberField("count", res.count());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** What {@link #toJson} wrote; an unknown field is an error, not skipped. */
    static RunMetrics fromJson(String json) {
        Map<String, CommandCounts> commands = new LinkedHashMap<>();
        List<Report.Result> results = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String section = p.currentName();
                p.nextToken();
                if (section.equals("commands")) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        expect(p.nextToken(), JsonToken.START_OBJECT);
                        long count = 0, failures = 0, total = 0;
                        long[] h = new long[Histograms.BUCKETS];
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "count" -> count = p.getLongValue();
                                case "failures" -> failures = p.getLongValue();
                                case "total_us" -> total = p.getLongValue();
                                case "histogram" -> {
                                    int i = 0;
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        h[i++] = p.getLongValue();
                                    }
                                }
                                default -> throw new IOException("unknown field commands." + name + "." + f);
                            }
                        }
                        commands.put(name, new CommandCounts(count, failures, total, h));
                    }
                } else if (section.equals("results")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String command = null, operator = null, result = null;
                        int code = Report.NO_CODE;
                        long count = 0;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "command" -> command = p.getText();
                                case "operator" -> operator = p.getText();
                                case "result" -> result = p.getText();
                                case "code" -> code = p.currentToken() == JsonToken.VALUE_NULL ? Report.NO_CODE : p.getIntValue();
                                case "count" -> count = p.getLongValue();
                                default -> throw new IOException("unknown field results[]." + f);
                            }
                        }
                        results.add(new Report.Result(command, operator, result, code, count));
                    }
                } else {
                    throw new IOException("unknown field " + section);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("runs.metrics does not read: " + e.getMessage(), e);
        }
        return new RunMetrics(commands, results);
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + ", got " + got);
        }
    }
}
