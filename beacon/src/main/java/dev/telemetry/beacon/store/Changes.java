package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * travel through {@code pending_changes} as {@link #encode()} text and are folded in later, merged
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

        Table(String name, List<String> keys, List<String> values) {
            this.name = name;
            this.keys = keys;
            this.values = values;
        }

        private static List<String> commandValues() {
            List<String> v = new ArrayList<>(List.of("count", "failures", "total_us"));
            for (int i = 0; i < Histograms.BUCKETS; i++) {
                v.add(Histograms.column(i));
            }
            return v;
        }
    }

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
    private final Map<List<Object>, Map<List<Object>, LocalDate>> ledger = new HashMap<>();
    private final Map<List<Object>, Boolean> ledgerIsNew = new HashMap<>();
    private final Map<String, LocalDate> days = new HashMap<>();
    static final int LEDGER_LINES = 10_000;

    void add(Table t, List<Object> key, long... deltas) {
        long[] sum = adds.computeIfAbsent(t, x -> new HashMap<>()).computeIfAbsent(key, k -> new long[t.values.size()]);
        for (int i = 0; i < deltas.length; i++) {
            sum[i] = saturatedAdd(sum[i], deltas[i]);
        }
    }

    /** Counters stop at the ends of a long instead of wrapping round. */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        // overflow only when both have the sign the result lacks
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }

    void ledger(String uuid, String app, Map<List<Object>, LocalDate> lastDays, boolean isNew) {
        List<Object> key = List.of(uuid, app);
        ledger.put(key, lastDays);
        ledgerIsNew.merge(key, isNew, Boolean::logicalOr); // new at any point: no row in the database yet
    }

    /** Writes the additions and the ledger: see {@link #writeAdds} and {@link #writeLedger}. */
    void write(Connection c, boolean empty) throws SQLException {
        writeAdds(c, empty);
        writeLedger(c, empty);
    }

    boolean hasAdds() {
        return !adds.isEmpty();
    }

    /**
     * The additions as text, one line per row: the table's ordinal, its key values and the
     * comma-separated deltas, tab-separated. Key values come from validated names, and tabs,
     * newlines and backslashes are escaped anyway.
     */
    String encode() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Table, Map<List<Object>, long[]>> e : adds.entrySet()) {
            for (Map.Entry<List<Object>, long[]> row : e.getValue().entrySet()) {
                b.append(e.getKey().ordinal());
                for (Object k : row.getKey()) {
                    b.append('\t').append(escape(k.toString()));
                }
                b.append('\t');
                long[] d = row.getValue();
                for (int i = 0; i < d.length; i++) {
                    b.append(i == 0 ? "" : ",").append(d[i]);
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** The text cut at line ends into parts of at most {@code max} characters: lines are independent additions. */
    static List<String> split(String text, int max) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (text.length() - start > max) {
            int end = text.lastIndexOf('\n', start + max - 1);
            parts.add(text.substring(start, end + 1));
            start = end + 1;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** Adds what {@link #encode()} wrote to these changes. */
    void decode(String text) {
        Table[] tables = Table.values();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Table t = tables[Integer.parseInt(f[0])];
            Object[] key = new Object[t.keys.size()];
            for (int i = 0; i < key.length; i++) {
                String column = t.keys.get(i);
                String v = unescape(f[i + 1]);
                // a fold decodes thousands of lines over a handful of days: parse each day once
                key[i] = column.endsWith("day") ? days.computeIfAbsent(v, LocalDate::parse)
                        : column.equals("code") ? (Object) Integer.valueOf(v) : v;
            }
            String[] d = f[t.keys.size() + 1].split(",");
            long[] deltas = new long[d.length];
            for (int i = 0; i < d.length; i++) {
                deltas[i] = Long.parseLong(d[i]);
            }
            add(t, List.of(key), deltas);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
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
                    .append(" AS NUMERIC(20, 0)) + ?, 9223372036854775807) AS BIGINT)");
        }
        sql.append(" WHERE ").append(String.join(" = ? AND ", t.keys)).append(" = ?");
        List<Map.Entry<List<Object>, long[]>> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (Map.Entry<List<Object>, long[]> row : rows) {
                int i = 1;
                for (long v : row.getValue()) {
                    ps.setLong(i++, v);
                }
                for (Object k : row.getKey()) {
                    ps.setObject(i++, k);
                }
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
        }
        return missing;
    }

    private static void insert(Connection c, Table t, List<Map.Entry<List<Object>, long[]>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = t.keys.size() + t.values.size();
        String sql = "INSERT INTO " + t.name + " (" + String.join(", ", t.keys) + ", " + String.join(", ", t.values)
                + ") VALUES (" + "?, ".repeat(n - 1) + "?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int batched = 0;
            for (Map.Entry<List<Object>, long[]> row : rows) {
                int i = 1;
                for (Object k : row.getKey()) {
                    ps.setObject(i++, k);
                }
                for (long v : row.getValue()) {
                    ps.setLong(i++, v);
                }
                ps.addBatch();
                if (++batched % 5000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
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
        try (PreparedStatement up = c.prepareStatement("UPDATE installation_gaps SET first_day = ?, body = ? WHERE uuid = ? AND app_name = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO installation_gaps (first_day, body, uuid, app_name) VALUES (?, ?, ?, ?)");
             PreparedStatement del = c.prepareStatement("DELETE FROM installation_gaps WHERE uuid = ? AND app_name = ?")) {
            List<Map.Entry<List<Object>, Map<List<Object>, LocalDate>>> rows = new ArrayList<>(ledger.entrySet());
            rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
            int batched = 0;
            for (Map.Entry<List<Object>, Map<List<Object>, LocalDate>> e : rows) {
                boolean isNew = empty || ledgerIsNew.get(e.getKey());
                List<Map.Entry<List<Object>, LocalDate>> kept = newest(e.getValue());
                PreparedStatement ps;
                int i = 1;
                if (kept.isEmpty()) {
                    if (isNew) {
                        continue;
                    }
                    ps = del;
                } else {
                    ps = isNew ? ins : up;
                    ps.setObject(i++, kept.stream().map(Map.Entry::getValue).min(Comparator.naturalOrder()).orElseThrow());
                    ps.setString(i++, encodeLedger(kept));
                }
                ps.setString(i++, (String) e.getKey().get(0));
                ps.setString(i, (String) e.getKey().get(1));
                ps.addBatch();
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
    private static List<Map.Entry<List<Object>, LocalDate>> newest(Map<List<Object>, LocalDate> lastDays) {
        List<Map.Entry<List<Object>, LocalDate>> kept = new ArrayList<>(lastDays.entrySet());
        if (kept.size() > LEDGER_LINES) {
            kept.sort(Map.Entry.<List<Object>, LocalDate>comparingByValue().reversed());
            kept = kept.subList(0, LEDGER_LINES);
        }
        return kept;
    }

    /** One installation's ledger as sorted lines: version, command, operator, result, code, last day, tab-separated. */
    private static String encodeLedger(List<Map.Entry<List<Object>, LocalDate>> kept) {
        List<String> lines = new ArrayList<>(kept.size());
        for (Map.Entry<List<Object>, LocalDate> e : kept) {
            StringBuilder b = new StringBuilder();
            for (Object k : e.getKey()) {
                b.append(escape(k.toString())).append('\t');
            }
            lines.add(b.append(e.getValue()).toString());
        }
        lines.sort(Comparator.naturalOrder());
        return String.join("\n", lines);
    }

    /** What {@link #encodeLedger} wrote: (version, command, operator, result, code) -> last day. */
    static Map<List<Object>, LocalDate> decodeLedger(String body) {
        Map<List<Object>, LocalDate> out = new HashMap<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                String[] f = line.split("\t", -1);
                out.put(List.of(unescape(f[0]), unescape(f[1]), unescape(f[2]), unescape(f[3]), Integer.valueOf(f[4])),
                        LocalDate.parse(f[5]));
            }
        }
        return out;
    }
}
