package dev.telemetry.beacon.store;

import dev.telemetry.beacon.ingest.CommandCounts;
import dev.telemetry.beacon.ingest.Report;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * V4: a run's metrics become one compact row ({@code runs.metrics}, {@link RunMetrics}) instead of one
 * row per command ({@code run_commands}, the histogram comma-joined) and per result ({@code
 * run_results}); and the pending additions, stored until now as tab-separated lines that named their
 * table by its position in an enum, are rewritten as JSON naming tables and columns ({@link Changes}).
 * Existing data is carried over; the old tables go. Java, not SQL: both conversions parse text.
 */
final class RunMetricsMigration extends JavaMigrationStep {
    /** The V2 format's tables by the ordinal it wrote, with their key and value columns in its order: frozen here. */
    private static final List<String> LEGACY_TABLES = List.of("active_by", "daily_active", "daily_commands", "daily_results", "gaps_by");
    private static final Map<String, List<String>> LEGACY_KEYS = Map.of(
            "active_by", List.of("last_day", "app_name", "app_version", "dim", "val"),
            "daily_active", List.of("on_day", "app_name", "app_version"),
            "daily_commands", List.of("on_day", "app_name", "app_version", "command"),
            "daily_results", List.of("on_day", "app_name", "app_version", "command", "operator", "result", "code"),
            "gaps_by", List.of("last_day", "app_name", "app_version", "command", "operator", "result", "code"));
    private static final Map<String, List<String>> LEGACY_VALUES = Map.of(
            "active_by", List.of("installations"),
            "daily_active", List.of("installations"),
            "daily_commands", legacyCommandValues(),
            "daily_results", List.of("count"),
            "gaps_by", List.of("installations"));

    private static List<String> legacyCommandValues() {
        List<String> v = new ArrayList<>(List.of("count", "failures", "total_us"));
        for (int i = 0; i < 29; i++) {
            v.add(String.format("b%02d", i));
        }
        return v;
    }

    RunMetricsMigration() {
        super("4", "run metrics as one row, pending additions by name");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE runs ADD COLUMN metrics VARCHAR(1000000)");
        }
        runMetrics(c);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE runs SET metrics = '" + RunMetrics.NONE.toJson() + "' WHERE metrics IS NULL");
            s.execute("ALTER TABLE runs ALTER COLUMN metrics SET NOT NULL");
            s.execute("DROP TABLE run_commands");
            s.execute("DROP TABLE run_results");
        }
        pending(c);
        noCode(c);
    }

    /** Until V4 "no code" was -1, and no report could carry a negative code: -1 always meant none. */
    static int code(int legacy) {
        return legacy == -1 ? Report.NO_CODE : legacy;
    }

    /** The aggregates' and the gap ledgers' "no code" become {@link Report#NO_CODE}. */
    private static void noCode(Connection c) throws SQLException {
        for (String table : List.of("daily_results", "gaps_by")) {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + table + " SET code = ? WHERE code = -1")) {
                up.setInt(1, Report.NO_CODE);
                up.executeUpdate();
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT uuid, app_name, body FROM installation_gaps");
             PreparedStatement up = c.prepareStatement("UPDATE installation_gaps SET body = ? WHERE uuid = ? AND app_name = ?")) {
            while (rs.next()) {
                List<String> lines = new ArrayList<>();
                boolean changed = false;
                for (String line : rs.getString(3).split("\n", -1)) {
                    String[] f = line.split("\t", -1);
                    if (f.length == 6 && f[4].equals("-1")) { // version, command, operator, result, code, last day
                        f[4] = String.valueOf(Report.NO_CODE);
                        line = String.join("\t", f);
                        changed = true;
                    }
                    lines.add(line);
                }
                if (changed) {
                    up.setString(1, String.join("\n", lines));
                    up.setString(2, rs.getString(1));
                    up.setString(3, rs.getString(2));
                    up.executeUpdate();
                }
            }
        }
    }

    /** Both old tables read in run order side by side, so a large database is read once, not once per run. */
    private static void runMetrics(Connection c) throws SQLException {
        try (Statement sc = c.createStatement(); Statement sr = c.createStatement();
             ResultSet cmds = sc.executeQuery("SELECT run_id, command, count, failures, total_us, histogram FROM run_commands ORDER BY run_id, command");
             ResultSet res = sr.executeQuery("SELECT run_id, command, operator, result, code, count FROM run_results"
                     + " ORDER BY run_id, command, operator, result, code");
             PreparedStatement up = c.prepareStatement("UPDATE runs SET metrics = ? WHERE run_id = ?")) {
            boolean moreC = cmds.next();
            boolean moreR = res.next();
            int batched = 0;
            while (moreC || moreR) {
                String run = !moreR || (moreC && cmds.getString(1).compareTo(res.getString(1)) <= 0) ? cmds.getString(1) : res.getString(1);
                Map<String, CommandCounts> commands = new LinkedHashMap<>();
                List<Report.Result> results = new ArrayList<>();
                while (moreC && cmds.getString(1).equals(run)) {
                    String h = cmds.getString(6);
                    long[] histogram = h.isEmpty() ? new long[0] : Arrays.stream(h.split(",")).mapToLong(Long::parseLong).toArray();
                    commands.put(cmds.getString(2), new CommandCounts(cmds.getLong(3), cmds.getLong(4), cmds.getLong(5), histogram));
                    moreC = cmds.next();
                }
                while (moreR && res.getString(1).equals(run)) {
                    results.add(new Report.Result(res.getString(2), res.getString(3), res.getString(4), code(res.getInt(5)), res.getLong(6)));
                    moreR = res.next();
                }
                up.setString(1, new RunMetrics(commands, results).toJson());
                up.setString(2, run);
                up.addBatch();
                if (++batched % 1000 == 0) {
                    up.executeBatch();
                }
            }
            up.executeBatch();
        }
    }

    /** Each pending row in the new format; a row the old format cannot read either is left for the fold to drop with its log line. */
    private static void pending(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM pending_changes ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        try (PreparedStatement read = c.prepareStatement("SELECT body FROM pending_changes WHERE id = ?");
             PreparedStatement up = c.prepareStatement("UPDATE pending_changes SET body = ? WHERE id = ?");
             PreparedStatement more = c.prepareStatement("INSERT INTO pending_changes (body, received_ms) SELECT ?, received_ms"
                     + " FROM pending_changes WHERE id = ?")) {
            for (long id : ids) {
                read.setLong(1, id);
                String body;
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    body = rs.getString(1);
                }
                Changes changes = new Changes();
                try {
                    decodeLegacy(changes, body);
                } catch (RuntimeException e) {
                    continue;
                }
                List<String> parts = changes.encode(Ingest.PENDING_CHARS);
                up.setString(1, parts.get(0));
                up.setLong(2, id);
                up.executeUpdate();
                for (String part : parts.subList(1, parts.size())) {
                    more.setString(1, part);
                    more.setLong(2, id);
                    more.executeUpdate();
                }
            }
        }
    }

    /** The V2 text: per line the table's ordinal, its key values and the comma-separated deltas, tab-separated. */
    static void decodeLegacy(Changes into, String text) {
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            String name = LEGACY_TABLES.get(Integer.parseInt(f[0]));
            Changes.Table t = Changes.Table.named(name);
            List<String> keys = LEGACY_KEYS.get(name);
            Object[] key = new Object[t.keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                String column = keys.get(i);
                String v = unescape(f[i + 1]);
                key[t.keys.indexOf(column)] = column.endsWith("day") ? java.time.LocalDate.parse(v)
                        : column.equals("code") ? (Object) code(Integer.parseInt(v)) : v;
            }
            List<String> values = LEGACY_VALUES.get(name);
            String[] d = f[keys.size() + 1].split(",");
            long[] deltas = new long[t.values.size()];
            for (int i = 0; i < d.length; i++) {
                deltas[t.values.indexOf(values.get(i))] = Long.parseLong(d[i]);
            }
            into.add(t, List.of(key), deltas);
        }
    }

    /** The V2 text formats' escapes (backslash, tab, newline), undone: for V4's and V5's conversions of them. */
    static String unescape(String s) {
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
}
