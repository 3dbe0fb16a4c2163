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
 * same rows take their locks in the same order and do not deadlock each other.
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

    static final List<String> LEDGER_KEYS = List.of("uuid", "app_name", "app_version", "command", "operator", "result", "code");

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
    /** ledger key -> last day; {@code true} in {@link #ledgerIsNew} when the row does not exist yet */
    private final Map<List<Object>, LocalDate> ledger = new HashMap<>();
    private final Map<List<Object>, Boolean> ledgerIsNew = new HashMap<>();

    void add(Table t, List<Object> key, long... deltas) {
        long[] sum = adds.computeIfAbsent(t, x -> new HashMap<>()).computeIfAbsent(key, k -> new long[t.values.size()]);
        for (int i = 0; i < deltas.length; i++) {
            sum[i] += deltas[i];
        }
    }

    void ledger(List<Object> key, LocalDate lastDay, boolean isNew) {
        ledger.put(key, lastDay);
        ledgerIsNew.merge(key, isNew, Boolean::logicalOr); // new at any point: no row in the database yet
    }

    /**
     * Writes everything: an UPDATE that adds per row, and an INSERT where no row was there.
     * {@code empty} says the tables are known to be empty (a seeded database), so only INSERTs are needed.
     */
    void write(Connection c, boolean empty) throws SQLException {
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
            insert(c, t, missing);
        }
        writeLedger(c, empty);
    }

    private static List<Map.Entry<List<Object>, long[]>> update(Connection c, Table t, List<Map.Entry<List<Object>, long[]>> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(t.name).append(" SET ");
        for (int i = 0; i < t.values.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(t.values.get(i)).append(" = ").append(t.values.get(i)).append(" + ?");
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

    private void writeLedger(Connection c, boolean empty) throws SQLException {
        if (ledger.isEmpty()) {
            return;
        }
        try (PreparedStatement up = c.prepareStatement("UPDATE installation_gaps SET last_day = ? WHERE "
                + String.join(" = ? AND ", LEDGER_KEYS) + " = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO installation_gaps (" + String.join(", ", LEDGER_KEYS)
                     + ", last_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            List<Map.Entry<List<Object>, LocalDate>> rows = new ArrayList<>(ledger.entrySet());
            rows.sort(Map.Entry.comparingByKey(KEY_ORDER));
            int batched = 0;
            for (Map.Entry<List<Object>, LocalDate> e : rows) {
                boolean isNew = empty || ledgerIsNew.get(e.getKey());
                PreparedStatement ps = isNew ? ins : up;
                int i = 1;
                if (!isNew) {
                    ps.setObject(i++, e.getValue());
                }
                for (Object k : e.getKey()) {
                    ps.setObject(i++, k);
                }
                if (isNew) {
                    ps.setObject(i, e.getValue());
                }
                ps.addBatch();
                if (++batched % 5000 == 0) {
                    up.executeBatch();
                    ins.executeBatch();
                }
            }
            up.executeBatch();
            ins.executeBatch();
        }
    }
}
