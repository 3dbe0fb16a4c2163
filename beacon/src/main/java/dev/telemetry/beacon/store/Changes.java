package dev.telemetry.beacon.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.telemetry.beacon.ingest.CommandCounts;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Additions to the dashboard's aggregate tables (V2__dashboard.sql) and the gap ledger, collected
 * first and written in one go. Keys are written in sorted order, so two transactions touching the
 * same rows take their locks in the same order and do not deadlock each other. A report's additions
 * travel through {@code pending_changes} as {@link #encode} JSON and are folded in later, merged
 * with other reports' ({@link #decode}); the ledger, one installation's own rows, is written at once.
 */
final class Changes {
    /** An aggregate table: key columns, then the columns a change adds to. */
    enum Table {
        ACTIVE_BY("active_by", List.of("last_day", "app_name", "app_version", "dim", "val"), List.of("installations")),
        DAILY_ACTIVE("daily_active", List.of("on_day", "app_name", "app_version"), List.of("installations")),
        DAILY_COMMANDS("daily_commands", List.of("on_day", "app_name", "app_version", "command"), commandValues()),
        DAILY_RESULTS("daily_results", List.of("on_day", "app_name", "app_version", "command", "operator", "result", "code"),
                List.of("count")),
        GAPS_BY("gaps_by", List.of("last_day", "app_name", "app_version", "command", "operator", "result", "code"),
                List.of("installations"));

        final String name;
        final List<String> keys;
        final List<String> values;
        /** Per key column: a day (LocalDate), a whole number (Integer), else text. */
        final boolean[] dayKey;
        final boolean[] intKey;

        /** The table of this name; stored additions name their tables, never by position. */
        static Table named(String name) {
            for (Table t : values()) {
                if (t.name.equals(name)) {
                    return t;
                }
            }
            throw new IllegalStateException("pending additions do not read: no aggregate table " + name);
        }

        Table(String name, List<String> keys, List<String> values) {
            this.name = name;
            this.keys = keys;
            this.values = values;
            this.dayKey = new boolean[keys.size()];
            this.intKey = new boolean[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                dayKey[i] = keys.get(i).endsWith("day");
                intKey[i] = keys.get(i).equals("code");
            }
        }

        private static List<String> commandValues() {
            List<String> v = new ArrayList<>(List.of("count", "failures", "total_us"));
            for (int i = 0; i < Histograms.BUCKETS; i++) {
                v.add(Histograms.column(i));
            }
            return v;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private static final Comparator<List<Object>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    // hashed while collecting (a seed adds millions), sorted once when written
    private final Map<Table, Map<List<Object>, long[]>> adds = new EnumMap<>(Table.class);
    /** (uuid, app) -> that installation's whole ledger; {@code true} in {@link #ledgerIsNew} when the row does not exist yet */
    private final Map<List<Object>, Map<GapLedger.Key, LocalDate>> ledger = new HashMap<>();
    private final Map<List<Object>, Boolean> ledgerIsNew = new HashMap<>();
    private final Map<String, LocalDate> days = new HashMap<>();
    private final Map<LocalDate, String> dayText = new HashMap<>();
    static final int LEDGER_LINES = 10_000;

    void add(Table t, List<Object> key, long... deltas) {
        long[] sum = rows(t).computeIfAbsent(RowKey.from(key), k -> new long[t.values.size()]);
        for (int i = 0; i < deltas.length; i++) {
            sum[i] = saturatedAdd(sum[i], deltas[i]);
        }
    }

    /** As {@link #add}, with all of the table's values in {@code values}, which this may keep (the caller drops it). */
    private void addOwned(Table t, RowKey key, long[] values) {
        long[] sum = rows(t).putIfAbsent(key, values);
        if (sum != null) {
            for (int i = 0; i < values.length; i++) {
                sum[i] = saturatedAdd(sum[i], values[i]);
            }
        }
    }

    private Map<List<Object>, long[]> rows(Table t) {
        return adds.computeIfAbsent(t, x -> new HashMap<>());
    }

    /** Counters stop at the ends of a long instead of wrapping round. */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        // overflow only when both have the sign the result lacks
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    void ledger(String uuid, String app, Map<GapLedger.Key, LocalDate> lastDays, boolean isNew) {
        List<Object> key = List.of(uuid, app);
        ledger.put(key, lastDays);
        ledgerIsNew.merge(key, isNew, Boolean::logicalOr); // new at any point: no row in the database yet
    }

    /** Writes the additions and the ledger: see {@link #writeAdds} and {@link #writeLedger}. */
    void write(Connection c, boolean empty) throws SQLException {
        writeAdds(c, empty);
        writeLedger(c, empty);
    }

    /** These additions without the ledger (which is written by then), to be kept for the fold ({@link FreshAdditions}). */
    Changes additionsOnly() {
        Changes a = new Changes();
        a.adds.putAll(adds);
        return a;
    }

    /** Adds another batch's additions to these (as {@link #decode} of its {@link #encode} would); {@code other} is not changed. */
    void addAll(Changes other) {
        for (Map.Entry<Table, Map<List<Object>, long[]>> e : other.adds.entrySet()) {
            for (Map.Entry<List<Object>, long[]> row : e.getValue().entrySet()) {
                add(e.getKey(), row.getKey(), row.getValue());
            }
        }
    }

    boolean hasAdds() {
        return !adds.isEmpty();
    }

    /**
     * A command's growth from {@code before} to {@code now} (a run's cumulative counts) on one day, when
     * it grew; written straight into daily_commands' value columns (as {@link CommandCounts#growthSince}
     * gives it, without the growth's own arrays: a report adds one a command).
     */
    void addCommandGrowth(LocalDate day, String app, String version, String command, CommandCounts now, CommandCounts before) {
        long[] v = new long[3 + Histograms.BUCKETS];
        long any = v[0] = Math.max(0, now.count() - before.count());
        any |= v[1] = Math.max(0, now.failures() - before.failures());
        any |= v[2] = Math.max(0, now.totalMicros() - before.totalMicros());
        long[] h = now.histogram();
        long[] was = before.histogram();
        for (int i = 0; i < Histograms.BUCKETS; i++) {
            any |= v[3 + i] = Math.max(0, h[i] - was[i]);
        }
        if (any != 0) { // every value is at least 0: any bit set means one grew
            addOwned(Table.DAILY_COMMANDS, RowKey.of(day, app, version, command), v);
        }
    }

    /** A command's growth of one day, in daily_commands' value columns (count, failures, total_us, b00..b28). */
    void addCommand(List<Object> key, CommandCounts growth) {
        long[] v = new long[3 + Histograms.BUCKETS];
        v[0] = growth.count();
        v[1] = growth.failures();
        v[2] = growth.totalMicros();
        System.arraycopy(growth.histogram(), 0, v, 3, Histograms.BUCKETS);
        addOwned(Table.DAILY_COMMANDS, RowKey.from(key), v);
    }

    /**
     * The additions as JSON documents of at most about {@code max} characters each (a large report's
     * additions take several pending rows): per table, by its name, the names of its columns and then
     * the rows' values in that order, {@code {"gaps_by": {"columns": ["last_day", ..., "installations"],
     * "rows": [["2026-12-01", ..., 1], ...]}, ...}}. Compact, and every value named by its column: a
     * value column that is 0 in every row of its table is left out (most of a command's 29 histogram
     * buckets are), and so is a row that adds nothing; {@link #decode} reads a missing value column as 0.
     */
    List<String> encode(int max) {
        List<String> parts = new ArrayList<>();
        try {
            StringWriter w = new StringWriter(4096);
            JsonGenerator g = JSON.createGenerator(w);
            g.writeStartObject();
            for (Map.Entry<Table, Map<List<Object>, long[]>> e : adds.entrySet()) {
                Table t = e.getKey();
                boolean[] used = new boolean[t.values.size()];
                boolean any = false;
                for (long[] v : e.getValue().values()) {
                    for (int i = 0; i < v.length; i++) {
                        if (v[i] != 0) {
                            used[i] = true;
                            any = true;
                        }
                    }
                }
                if (!any) {
                    continue;
                }
                startTable(g, t, used);
                for (Map.Entry<List<Object>, long[]> row : e.getValue().entrySet()) {
                    if (isZero(row.getValue())) {
                        continue;
                    }
                    g.writeStartArray();
                    for (Object k : row.getKey()) {
                        if (k instanceof Integer n) {
                            g.writeNumber(n);
                        } else if (k instanceof LocalDate d) {
                            g.writeString(dayText.computeIfAbsent(d, LocalDate::toString));
                        } else {
                            g.writeString((String) k);
                        }
                    }
                    long[] values = row.getValue();
                    for (int i = 0; i < values.length; i++) {
                        if (used[i]) {
                            g.writeNumber(values[i]);
                        }
                    }
                    g.writeEndArray();
                    if (w.getBuffer().length() + g.getOutputBuffered() > max - 16_384) { // rows are at most a few KB: close this part, start another
                        g.writeEndArray();
                        g.writeEndObject();
                        g.writeEndObject();
                        g.close();
                        parts.add(w.toString());
                        w = new StringWriter(4096);
                        g = JSON.createGenerator(w);
                        g.writeStartObject();
                        startTable(g, t, used);
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.close();
            parts.add(w.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parts;
    }

    private static boolean isZero(long[] values) {
        for (long v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** A table's name and columns: its key columns, then the value columns {@code used}. */
    private static void startTable(JsonGenerator g, Table t, boolean[] used) throws IOException {
        g.writeObjectFieldStart(t.name);
        g.writeArrayFieldStart("columns");
        for (String k : t.keys) {
            g.writeString(k);
        }
        for (int i = 0; i < t.values.size(); i++) {
            if (used[i]) {
                g.writeString(t.values.get(i));
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("rows");
    }

    /** Adds what {@link #encode} wrote to these changes; an unknown table or column is an error, not skipped. */
    void decode(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Table t = Table.named(p.currentName());
                expect(p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME
                        && p.currentName().equals("columns") && p.nextToken() == JsonToken.START_ARRAY, t.name + ".columns");
                // column i of a row: key index (>= 0) or -1 - value index
                List<Integer> where = new ArrayList<>();
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    String column = p.getText();
                    int k = t.keys.indexOf(column);
                    int v = t.values.indexOf(column);
                    if (k < 0 && v < 0) {
                        expect(false, "a column of " + t.name + ", not " + column);
                    }
                    where.add(k >= 0 ? k : -1 - v);
                }
                expect(where.stream().filter(i -> i >= 0).count() == t.keys.size(), "every key column of " + t.name);
                expect(p.nextToken() == JsonToken.FIELD_NAME && p.currentName().equals("rows") && p.nextToken() == JsonToken.START_ARRAY,
                        t.name + ".rows");
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    Object[] key = new Object[t.keys.size()];
                    long[] deltas = new long[t.values.size()];
                    int i = 0;
                    int n = where.size();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (i >= n) {
                            expect(false, "at most " + n + " values in a row of " + t.name);
                        }
                        int at = where.get(i++);
                        if (at >= 0) {
                            // a fold decodes thousands of rows over a handful of days: parse each day once
                            key[at] = t.dayKey[at] ? days.computeIfAbsent(p.getText(), LocalDate::parse)
                                    : t.intKey[at] ? (Object) p.getIntValue() : p.getText();
                        } else {
                            deltas[-1 - at] = p.getLongValue();
                        }
                    }
                    if (i != n) {
                        expect(false, n + " values in a row of " + t.name);
                    }
                    addOwned(t, RowKey.of(key), deltas); // both arrays are this row's own
                }
                expect(p.nextToken() == JsonToken.END_OBJECT, "the end of " + t.name);
            }
        } catch (IOException e) {
            throw new IllegalStateException("pending additions do not read: " + e.getMessage(), e);
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("pending additions do not read: expected " + what);
        }
    }

    /**
     * Writes the additions: an UPDATE that adds per row, and an INSERT where no row was there.
     * {@code empty} says the tables are known to be empty (a seeded database), so only INSERTs are needed.
     */
    void writeAdds(Connection c, boolean empty) throws SQLException {
        for (Map.Entry<Table, Map<List<Object>, long[]>> e : adds.entrySet()) {
            Table t = e.getKey();
            List<Map.Entry<List<Object>, long[]>> rows = new ArrayList<>();
            for (Map.Entry<List<Object>, long[]> row : e.getValue().entrySet()) {
                if (Arrays.stream(row.getValue()).anyMatch(v -> v != 0)) {
                    rows.add(row);
                }
            }
            rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
            List<Map.Entry<List<Object>, long[]>> missing = empty ? rows : update(c, t, rows);
            // a -1 for a row that is gone moves an installation out of a day retention deleted: nothing to do
            missing.removeIf(row -> Arrays.stream(row.getValue()).anyMatch(v -> v < 0));
            insert(c, t, missing);
        }
    }

    private static List<Map.Entry<List<Object>, long[]>> update(Connection c, Table t, List<Map.Entry<List<Object>, long[]>> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(t.name).append(" SET ");
        for (int i = 0; i < t.values.size(); i++) {
            // added as NUMERIC and capped, so a sum past a long's range stops there instead of failing the fold
            String v = t.values.get(i);
            sql.append(i == 0 ? "" : ", ").append(v).append(" = CAST(LEAST(CAST(").append(v)
                    .append(" AS NUMERIC(20, 0)) + :").append(v).append(", 9223372036854775807) AS BIGINT)");
        }
        sql.append(" WHERE ");
        for (int i = 0; i < t.keys.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(t.keys.get(i)).append(" = :").append(t.keys.get(i));
        }
        List<Map.Entry<List<Object>, long[]>> missing = new ArrayList<>();
        try (Sql q = Sql.prepare(c, sql.toString())) {
            for (Map.Entry<List<Object>, long[]> row : rows) {
                bindRow(q, t, row);
                q.addBatch();
            }
            int[] counts = q.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
        }
        return missing;
    }

    /** Binds one row's key columns and value columns by their names. */
    private static void bindRow(Sql q, Table t, Map.Entry<List<Object>, long[]> row) throws SQLException {
        for (int i = 0; i < t.keys.size(); i++) {
            q.setObject(t.keys.get(i), row.getKey().get(i));
        }
        for (int i = 0; i < t.values.size(); i++) {
            q.set(t.values.get(i), row.getValue()[i]);
        }
    }

    private static void insert(Connection c, Table t, List<Map.Entry<List<Object>, long[]>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(t.keys);
        columns.addAll(t.values);
        String sql = "INSERT INTO " + t.name + " (" + String.join(", ", columns) + ") VALUES (:" + String.join(", :", columns) + ")";
        try (Sql q = Sql.prepare(c, sql)) {
            int batched = 0;
            for (Map.Entry<List<Object>, long[]> row : rows) {
                bindRow(q, t, row);
                q.addBatch();
                if (++batched % 5000 == 0) {
                    q.executeBatch();
                }
            }
            q.executeBatch();
        }
    }

    /**
     * Writes each registered ledger as its installation's row, with first_day the oldest day kept;
     * an empty ledger (retention pruned every line) deletes the row.
     */
    void writeLedger(Connection c, boolean empty) throws SQLException {
        if (ledger.isEmpty()) {
            return;
        }
        try (Sql up = Sql.prepare(c, "UPDATE installation_gaps SET first_day = :first_day, body = :body WHERE uuid = :uuid AND app_name = :app_name");
             Sql ins = Sql.prepare(c, "INSERT INTO installation_gaps (uuid, app_name, first_day, body) VALUES (:uuid, :app_name, :first_day, :body)");
             Sql del = Sql.prepare(c, "DELETE FROM installation_gaps WHERE uuid = :uuid AND app_name = :app_name")) {
            List<Map.Entry<List<Object>, Map<GapLedger.Key, LocalDate>>> rows = new ArrayList<>(ledger.entrySet());
            rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
            int batched = 0;
            for (Map.Entry<List<Object>, Map<GapLedger.Key, LocalDate>> e : rows) {
                boolean isNew = empty || ledgerIsNew.get(e.getKey());
                List<Map.Entry<GapLedger.Key, LocalDate>> kept = newest(e.getValue());
                Sql q;
                if (kept.isEmpty()) {
                    if (isNew) {
                        continue;
                    }
                    q = del;
                } else {
                    q = isNew ? ins : up;
                    q.setObject("first_day", kept.stream().map(Map.Entry::getValue).min(Comparator.naturalOrder()).orElseThrow());
                    q.set("body", GapLedger.toJson(kept));
                }
                q.set("uuid", (String) e.getKey().get(0)).set("app_name", (String) e.getKey().get(1));
                q.addBatch();
                if (++batched % 5000 == 0) {
                    up.executeBatch();
                    ins.executeBatch();
                    del.executeBatch();
                }
            }
            up.executeBatch();
            ins.executeBatch();
            del.executeBatch();
        }
    }

    /**
     * At most {@link #LEDGER_LINES} of a ledger, the most recent (within installation_gaps.body's size):
     * a dropped gap hit again counts that installation once more in its period.
     */
    private static List<Map.Entry<GapLedger.Key, LocalDate>> newest(Map<GapLedger.Key, LocalDate> lastDays) {
        List<Map.Entry<GapLedger.Key, LocalDate>> kept = new ArrayList<>(lastDays.entrySet());
        if (kept.size() > LEDGER_LINES) {
            kept.sort(Map.Entry.<GapLedger.Key, LocalDate>comparingByValue().reversed());
            kept = kept.subList(0, LEDGER_LINES);
        }
        return kept;
    }
}
