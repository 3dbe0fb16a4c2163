package dev.telemetry.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telemetry.agent.metrics.MetricsSnapshot;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.contract.ReportFields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writes the metrics part of the report ({@code commands}, {@code results}, {@code dropped}); JMX's
 * {@code MetricsJson} is the same part on its own. Rows go out busiest first and stop before the
 * report would pass its size budget; what is left out is counted in {@code dropped}. The format is
 * documented in docs/report-format.md.
 */
public final class MetricsJson {
    private static final JsonFactory JSON = new JsonFactory();
    /** Room kept for the fields that follow the rows and the closing brackets. */
    private static final int TAIL_RESERVE = 256;

    private MetricsJson() {}

    public static String toJson(MetricsSnapshot snapshot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            write(g, snapshot, out::size, Long.MAX_VALUE);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /**
     * The three fields, inside an object already started.
     *
     * @param size  bytes written so far (after a flush)
     * @param limit the size the whole document must stay under
     */
    public static void write(JsonGenerator g, MetricsSnapshot snapshot, LongSupplier size, long limit) throws IOException {
        long budget = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit - TAIL_RESERVE;

        List<MetricsSnapshot.Command> commands = new ArrayList<>(snapshot.commands().values());
        commands.sort(Comparator.comparingLong((MetricsSnapshot.Command c) -> -c.count).thenComparing(c -> c.name));
        long omittedCommands = 0;
        g.writeObjectFieldStart(ReportFields.COMMANDS);
        for (MetricsSnapshot.Command c : commands) {
            if (!fits(g, size, budget)) {
                omittedCommands++;
                continue;
            }
            g.writeObjectFieldStart(c.name);
            g.writeNumberField(ReportFields.Command.COUNT, c.count);
            g.writeNumberField(ReportFields.Command.FAILURES, c.failures);
            g.writeNumberField(ReportFields.Command.TOTAL_US, c.totalNanos / 1000);
            long[] h = c.histogram();
            int last = h.length - 1;
            while (last >= 0 && h[last] == 0) {
                last--;
            }
            g.writeArrayFieldStart(ReportFields.Command.HISTOGRAM);
            for (int i = 0; i <= last; i++) {
                g.writeNumber(h[i]);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();

        List<Map.Entry<ResultKey, Long>> results = new ArrayList<>(snapshot.results().entrySet());
        results.sort(Comparator.comparingLong((Map.Entry<ResultKey, Long> e) -> -e.getValue())
                .thenComparing(e -> e.getKey().toString()));
        long omittedResults = 0;
        g.writeArrayFieldStart(ReportFields.RESULTS);
        for (Map.Entry<ResultKey, Long> e : results) {
            if (!fits(g, size, budget)) {
                omittedResults++;
                continue;
            }
            ResultKey k = e.getKey();
            g.writeStartObject();
            g.writeStringField(ReportFields.Result.COMMAND, k.command);
            g.writeStringField(ReportFields.Result.OPERATOR, k.operator);
            g.writeStringField(ReportFields.Result.RESULT, k.result);
            if (k.code != ResultKey.NO_CODE) {
                g.writeNumberField(ReportFields.Result.CODE, k.code);
            } else {
                g.writeNullField(ReportFields.Result.CODE);
            }
            g.writeNumberField(ReportFields.Result.COUNT, e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();

        g.writeObjectFieldStart(ReportFields.DROPPED);
        g.writeNumberField(ReportFields.Dropped.COMMANDS, snapshot.droppedCommands());
        g.writeNumberField(ReportFields.Dropped.RESULTS, snapshot.droppedResults());
        g.writeNumberField(ReportFields.Dropped.OMITTED_COMMANDS, omittedCommands);
        g.writeNumberField(ReportFields.Dropped.OMITTED_RESULTS, omittedResults);
        g.writeEndObject();
    }

    /** A row may take up to ~400 bytes (64-character names, a full histogram). */
    private static boolean fits(JsonGenerator g, LongSupplier size, long budget) throws IOException {
        if (budget == Long.MAX_VALUE) {
            return true;
        }
        g.flush();
        return size.getAsLong() + 400 <= budget;
    }
}
