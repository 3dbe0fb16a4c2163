package dev.telemetry.beacon.store;

import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's batch of two statements ({@link PostgresBatch}) against H2's statement per table: the same
 * batches leave the same rows, its columns are the tables' own, and every kind of change it sends
 * (new and changed installations, runs and ledgers, a ledger removed, several pending rows) is applied.
 */
class PostgresBatchTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:15:30.123456Z");

    @TempDir
    Path tmp;

    private static Ingest.Item item(UUID uuid, UUID run, long sequence, int secondsLater) throws Exception {
        return Ingest.Item.of(new ReportParser().parse(Reports.bytes(Reports.valid(uuid, run, sequence))),
                new GeoInfo(64500L, "Example AS", "DE", GeoInfo.AWS, "eu-central-1"), NOW.plusSeconds(secondsLater));
    }

    /** New installations and runs, then a run's next report, a new run of a known installation and a replay. */
    private static List<List<Ingest.Item>> batches() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID runA = UUID.randomUUID();
        UUID runB = UUID.randomUUID();
        return List.of(
                List.of(item(a, runA, 1, 0), item(b, runB, 1, 0)),
                List.of(item(a, runA, 2, 60), item(b, UUID.randomUUID(), 1, 61), item(b, runB, 1, 62), item(a, runA, 3, 63)),
                List.of(item(UUID.randomUUID(), UUID.randomUUID(), 1, 120), item(a, runA, 2, 121)));
    }

    @Test
    void theSameBatchesLeaveTheSameRowsAsOnH2() throws Exception {
        List<List<Ingest.Item>> batches = batches();
        Map<String, List<String>> h2Rows;
        List<List<Store.Outcome>> h2Outcomes = new ArrayList<>();
        try (Database h2 = new Database(TestBeacon.emptyDatabase("h2", tmp), null, null, 4, Duration.ofSeconds(10), null)) {
            Ingest ingest = new Ingest(h2, new FreshAdditions());
            for (List<Ingest.Item> batch : batches) {
                h2Outcomes.add(ingest.ingest(batch));
            }
            h2Rows = rows(h2);
        }
        try (Database pg = new Database(TestBeacon.emptyPostgresql(), null, null, 4, Duration.ofSeconds(10), null)) {
            Ingest ingest = new Ingest(pg, new FreshAdditions());
            List<List<Store.Outcome>> outcomes = new ArrayList<>();
            for (List<Ingest.Item> batch : batches) {
                outcomes.add(ingest.ingest(batch));
            }
            assertThat(outcomes).isEqualTo(h2Outcomes).containsExactly(
                    List.of(Store.Outcome.STORED, Store.Outcome.STORED),
                    List.of(Store.Outcome.STORED, Store.Outcome.STORED, Store.Outcome.STALE, Store.Outcome.STORED),
                    List.of(Store.Outcome.STORED, Store.Outcome.STALE));
            Map<String, List<String>> pgRows = rows(pg);
            assertThat(pgRows.get("installations")).hasSize(3);
            assertThat(pgRows.get("runs")).hasSize(4);
            assertThat(pgRows.get("installation_gaps")).hasSize(3);
            assertThat(pgRows.get("pending_changes")).hasSize(3);
            assertThat(pgRows).isEqualTo(h2Rows);
        }
    }

    @Test
    void aLedgerIsRemovedAndAdditionsTooLargeForOneRowTakeSeveral() throws Exception {
        try (Database pg = new Database(TestBeacon.emptyPostgresql(), null, null, 4, Duration.ofSeconds(10), null)) {
            UUID a = UUID.randomUUID();
            new Ingest(pg, new FreshAdditions()).ingest(List.of(item(a, UUID.randomUUID(), 1, 0)));
            try (Connection c = pg.connection()) {
                assertThat(count(c, "SELECT COUNT(*) FROM installation_gaps WHERE uuid = '" + a + "'")).isEqualTo(1);
                List<Long> ids = PostgresBatch.write(c, List.of(),
                        List.of(new Changes.LedgerRow(a.toString(), "test-app", false, null, null)),
                        List.of("first part", "second part"), 42, List.of());
                c.commit();
                assertThat(ids).hasSize(2);
                assertThat(count(c, "SELECT COUNT(*) FROM installation_gaps WHERE uuid = '" + a + "'")).isZero();
                assertThat(count(c, "SELECT COUNT(*) FROM pending_changes WHERE received_ms = 42 AND body IN ('first part', 'second part')"
                        + " AND id IN (" + ids.get(0) + ", " + ids.get(1) + ")")).isEqualTo(2);
                c.rollback();
            }
        }
    }

    /** The JSON rows name the tables' own columns, those of the H2 statements, no more, no less. */
    @Test
    void itsColumnsAreTheTablesColumns() throws Exception {
        assertThat(PostgresBatch.INSTALLATION).isEqualTo(insertColumns(Ingest.INSERT_INSTALLATION));
        assertThat(PostgresBatch.RUN).isEqualTo(insertColumns(Ingest.INSERT_RUN));
        try (Database pg = new Database(TestBeacon.emptyPostgresql(), null, null, 4, Duration.ofSeconds(10), null);
             Connection c = pg.connection()) {
            for (Map.Entry<String, List<String>> t : Map.of("installations", PostgresBatch.INSTALLATION,
                    "runs", PostgresBatch.RUN, "installation_gaps", PostgresBatch.LEDGER).entrySet()) {
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = '" + t.getKey() + "' ORDER BY ordinal_position")) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
                assertThat(t.getValue()).as(t.getKey()).containsExactlyElementsOf(columns);
            }
            c.rollback();
        }
    }

    private static List<String> insertColumns(String insert) {
        String list = insert.substring(insert.indexOf('(') + 1, insert.indexOf(')'));
        return Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each table's rows as text, sorted, without generated ids; times read as date-times, not as each driver prints them. */
    private static Map<String, List<String>> rows(Database db) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = db.connection()) {
            for (String table : List.of("installations", "runs", "installation_gaps", "pending_changes")) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String name = md.getColumnName(i).toLowerCase();
                            if (name.equals("id")) {
                                continue;
                            }
                            Object v = switch (md.getColumnType(i)) {
                                case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
                                case Types.DATE -> rs.getObject(i, LocalDate.class);
                                default -> rs.getString(i);
                            };
                            row.append(name).append('=').append(v).append(' ');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
            c.rollback();
        }
        return out;
    }
}
