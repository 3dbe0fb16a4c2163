package dev.telemetry.beacon.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One installation's gap ledger ({@code installation_gaps.body}): the last day it hit each failing
 * (version, command, operator, result, code), so {@code gaps_by} counts an installation once per gap
 * and period. Stored as JSON that names its columns, as the pending additions do ({@link Changes#encode}):
 * {@code {"columns": ["app_version", "command", "operator", "result", "code", "last_day"],
 * "rows": [["1.2.3", "find", "$where", "BadValue", 2, "2026-12-01"], ...]}}, rows sorted, so the same
 * ledger is always the same text.
 */
final class GapLedger {
    /** A line's key: a failing (command, operator, result, code) under one version (or {@link Facets#ANY_VERSION}). */
    record Key(String version, Rollup.Gap gap) implements Comparable<Key> {
        @Override
        public int hashCode() {
            return version.hashCode() * 31 + gap.hashCode();
        }

        @Override
        public int compareTo(Key o) {
            int c = version.compareTo(o.version);
            c = c != 0 ? c : gap.command().compareTo(o.gap.command());
            c = c != 0 ? c : gap.operator().compareTo(o.gap.operator());
            c = c != 0 ? c : gap.result().compareTo(o.gap.result());
            return c != 0 ? c : Integer.compare(gap.code(), o.gap.code());
        }
    }

    static final List<String> COLUMNS = List.of("app_version", "command", "operator", "result", "code", "last_day");
    private static final JsonFactory JSON = new JsonFactory();
    private GapLedger() {}

    static String toJson(List<Map.Entry<Key, LocalDate>> lines) {
        List<Map.Entry<Key, LocalDate>> sorted = new ArrayList<>(lines);
        sorted.sort(Map.Entry.comparingByKey());
        StringWriter w = new StringWriter(64 + 48 * sorted.size());
        Map<LocalDate, String> dayText = new HashMap<>(); // a ledger has a few distinct days: each formatted once
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (String c : COLUMNS) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (Map.Entry<Key, LocalDate> e : sorted) {
                Rollup.Gap gap = e.getKey().gap();
                g.writeStartArray();
                g.writeString(e.getKey().version());
                g.writeString(gap.command());
                g.writeString(gap.operator());
                g.writeString(gap.result());
                g.writeNumber(gap.code());
                g.writeString(dayText.computeIfAbsent(e.getValue(), LocalDate::toString));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** What {@link #toJson} wrote; columns are found by name, and an unknown or missing one is an error. */
    static Map<Key, LocalDate> fromJson(String json) {
        Map<Key, LocalDate> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                    && p.currentName().equals("columns") && p.nextToken() == JsonToken.START_ARRAY, "columns");
            List<Integer> where = new ArrayList<>(); // per position in a row: the index in COLUMNS
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                int i = COLUMNS.indexOf(p.getText());
                expect(i >= 0 && !where.contains(i), "a column of the gap ledger, not " + p.getText());
                where.add(i);
            }
            expect(where.size() == COLUMNS.size(), "the columns " + COLUMNS);
            expect(p.nextToken() == JsonToken.FIELD_NAME && p.currentName().equals("rows") && p.nextToken() == JsonToken.START_ARRAY,
                    "rows");
            Map<String, LocalDate> days = new HashMap<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                String[] text = new String[COLUMNS.size()];
                int code = 0;
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    expect(n < where.size(), where.size() + " values in a row");
                    int column = where.get(n++);
                    if (column == 4) {
                        code = p.getIntValue();
                    } else {
                        text[column] = p.getText();
                    }
                }
                expect(n == where.size(), where.size() + " values in a row");
                out.put(new Key(text[0], new Rollup.Gap(text[1], text[2], text[3], code)),
                        days.computeIfAbsent(text[5], LocalDate::parse));
            }
            expect(p.nextToken() == JsonToken.END_OBJECT, "the end of the ledger");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("installation_gaps.body does not read: " + e.getMessage(), e);
        }
        return out;
    }

    private static void expect(boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException("expected " + what);
        }
    }
}
