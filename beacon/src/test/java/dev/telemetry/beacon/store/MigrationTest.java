package dev.telemetry.beacon.store;

import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.CommandCounts;
import dev.telemetry.beacon.ingest.Report;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V4 on a database filled by the schema and code before it (src/test/resources/migration/v2-filled.sql:
 * 25 installations' reports, 30% of them still pending in the old tab-separated format): every run's
 * metrics are carried into its compact row, the pending additions are rewritten by name, and folding
 * them gives exactly the aggregates the old code's fold gave (v2-folded.txt).
 */
class MigrationTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void v4CarriesTodaysDataOver(String db) throws Exception {
        String url = TestBeacon.emptyDatabase(db, tmp);
        fillV2(url);
        Map<String, RunMetrics> expected = new HashMap<>();
        long pendingBefore;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            expected = v2Metrics(s);
            pendingBefore = one(s, "SELECT COUNT(*) FROM pending_changes");
        }
        assertThat(expected).hasSizeGreaterThan(30);
        assertThat(pendingBefore).isGreaterThan(10);

        try (Store store = new Store(url, null, null)) { // migrates to V4
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                Map<String, RunMetrics> migrated = new HashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT run_id, metrics FROM runs")) {
                    while (rs.next()) {
                        migrated.put(rs.getString(1), RunMetrics.fromJson(rs.getString(2)));
                    }
                }
                assertThat(migrated.keySet()).isEqualTo(expected.keySet());
                for (String run : expected.keySet()) {
                    assertThat(sorted(migrated.get(run))).as(run).isEqualTo(sorted(expected.get(run)));
                }
                assertThat(one(s, "SELECT COUNT(*) FROM pending_changes")).isEqualTo(pendingBefore);
                try (ResultSet rs = s.executeQuery("SELECT body FROM pending_changes")) {
                    while (rs.next()) {
                        assertThat(rs.getString(1)).startsWith("{\"").doesNotContain("\t");
                    }
                }
                assertThat(tables(c)).doesNotContain("run_commands", "run_results");
                c.rollback();
            }
            assertThat(store.fold()).isEqualTo((int) pendingBefore);
            String want = new String(MigrationTest.class.getResourceAsStream("/migration/v2-folded.txt").readAllBytes(), StandardCharsets.UTF_8);
            assertThat(aggregates(store)).isEqualTo(want);

            // a migrated run that reports again with the same counts grew by nothing: its stored metrics were read right
            String run = expected.keySet().stream().sorted().findFirst().orElseThrow();
            Report again = again(store, run);
            assertThat(store.ingest(again, GeoInfo.NONE, Instant.parse("2026-11-20T12:00:00Z"))).isEqualTo(Store.Outcome.STORED);
            store.fold();
            String after = aggregates(store);
            assertThat(lines(after, "daily_commands")).isEqualTo(lines(want, "daily_commands"));
            assertThat(lines(after, "daily_results")).isEqualTo(lines(want, "daily_results"));
        }
    }

    /** Migrates the empty database to V2 and fills it with the fixture, as the code of that time left it. */
    static void fillV2(String url) throws Exception {
        Flyway.configure().dataSource(url, null, null).target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            String sql = new String(MigrationTest.class.getResourceAsStream("/migration/v2-filled.sql").readAllBytes(), StandardCharsets.UTF_8);
            for (String line : sql.split("\n")) {
                if (line.startsWith("INSERT")) {
                    s.executeUpdate(line.substring(0, line.length() - 1));
                }
            }
        }
    }

    /** The V2 tables' metrics per run, read as V4 must carry them. */
    private static Map<String, RunMetrics> v2Metrics(Statement s) throws Exception {
        Map<String, Map<String, CommandCounts>> commands = new HashMap<>();
        Map<String, List<Report.Result>> results = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT run_id FROM runs")) {
            while (rs.next()) {
                commands.put(rs.getString(1), new TreeMap<>());
                results.put(rs.getString(1), new ArrayList<>());
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT run_id, command, count, failures, total_us, histogram FROM run_commands")) {
            while (rs.next()) {
                long[] h = Arrays.stream(rs.getString(6).split(",")).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
                commands.get(rs.getString(1)).put(rs.getString(2), new CommandCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), h));
            }
        }
        try (ResultSet rs = s.executeQuery("SELECT run_id, command, operator, result, code, count FROM run_results")) {
            while (rs.next()) {
                // before V4 a code of -1 meant "none"; V4 carries it over as Report.NO_CODE
                results.get(rs.getString(1)).add(new Report.Result(rs.getString(2), rs.getString(3), rs.getString(4),
                        RunMetricsMigration.code(rs.getInt(5)), rs.getLong(6)));
            }
        }
        Map<String, RunMetrics> out = new HashMap<>();
        commands.forEach((run, c) -> out.put(run, new RunMetrics(c, results.get(run))));
        return out;
    }

    private static RunMetrics sorted(RunMetrics m) {
        List<Report.Result> r = new ArrayList<>(m.results());
        r.sort(java.util.Comparator.comparing(Report.Result::toString));
        return new RunMetrics(new TreeMap<>(m.commands()), r);
    }

    /** The run's latest report again, one sequence later, with the same cumulative counts. */
    private static Report again(Store store, String run) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.uuid, r.sequence, r.metrics, i.app_name, i.app_version, i.backend, i.installation_type,"
                     + " i.java_version, i.java_vendor, i.os, i.arch, i.telemetry, r.agent_version, r.profile FROM runs r"
                     + " JOIN installations i ON i.uuid = r.uuid WHERE r.run_id = '" + run + "'")) {
            assertThat(rs.next()).isTrue();
            RunMetrics m = RunMetrics.fromJson(rs.getString(3));
            List<Report.Command> commands = new ArrayList<>();
            m.commands().forEach((name, counts) -> commands.add(new Report.Command(name, counts)));
            Report r = new Report(UUID.fromString(rs.getString(1)), UUID.fromString(run), rs.getLong(2) + 1, rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), List.of(), rs.getString(13), rs.getString(14),
                    rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), 1, rs.getString(12), commands, m.results(),
                    0, 0, 0, 0);
            c.rollback();
            return r;
        }
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> tables(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                out.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return out;
    }

    private static List<String> lines(String dump, String table) {
        return Arrays.stream(dump.split("\n")).filter(l -> l.startsWith(table + ":")).toList();
    }

    /** The aggregate tables as the fixture's v2-folded.txt lists them. */
    static String aggregates(Store store) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (String[] q : new String[][]{
                    {"active_by", "SELECT * FROM active_by WHERE installations <> 0 ORDER BY last_day, app_name, app_version, dim, val"},
                    {"daily_active", "SELECT * FROM daily_active WHERE installations <> 0 ORDER BY on_day, app_name, app_version"},
                    {"daily_commands", "SELECT * FROM daily_commands ORDER BY on_day, app_name, app_version, command"},
                    {"daily_results", "SELECT * FROM daily_results ORDER BY on_day, app_name, app_version, command, operator, result, code"},
                    {"gaps_by", "SELECT * FROM gaps_by WHERE installations <> 0 ORDER BY last_day, app_name, app_version, command, operator, result, code"}}) {
                try (ResultSet rs = st.executeQuery(q[1])) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        out.append(q[0]).append(':');
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String v = rs.getString(i);
                            if (md.getColumnName(i).equalsIgnoreCase("code") && String.valueOf(Report.NO_CODE).equals(v)) {
                                v = "-1"; // the fixture lists "no code" as the code before V4 spelled it
                            }
                            out.append(v).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
            c.rollback();
        }
        return out.toString();
    }
}
