package dev.telemetry.beacon.store;

import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.ingest.Report;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V5 on a database filled by the code before it (the V2 fixture of {@link MigrationTest}, migrated to V4):
 * every tab-separated gap ledger is rewritten as named JSON with exactly the same lines, read here from
 * the old text by its own split, independently of the migration's parser.
 */
class GapLedgerMigrationTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void v5RewritesEveryLedgerByNameWithTheSameLines(String db) throws Exception {
        String url = TestBeacon.emptyDatabase(db, tmp);
        MigrationTest.fillV2(url);
        Flyway.configure().dataSource(url, null, null).javaMigrations(new RunMetricsMigration(), new GapLedgerMigration())
                .target("4").load().migrate();
        Map<List<String>, Map<GapLedger.Key, LocalDate>> before = new HashMap<>();
        int lines = 0;
        int noCode = 0;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT uuid, app_name, body FROM installation_gaps")) {
            while (rs.next()) {
                Map<GapLedger.Key, LocalDate> ledger = new HashMap<>();
                for (String line : rs.getString(3).split("\n")) {
                    String[] f = line.split("\t");
                    assertThat(f).hasSize(6);
                    ledger.put(new GapLedger.Key(f[0], new Rollup.Gap(f[1], f[2], f[3], Integer.parseInt(f[4]))), LocalDate.parse(f[5]));
                    noCode += Integer.parseInt(f[4]) == Report.NO_CODE ? 1 : 0;
                }
                lines += ledger.size();
                before.put(List.of(rs.getString(1), rs.getString(2)), ledger);
            }
        }
        assertThat(before).hasSizeGreaterThan(10);
        assertThat(lines).isGreaterThan(40);
        assertThat(noCode).isPositive(); // V4 turned the fixture's "-1" into NO_CODE; V5 must keep it

        try (Store store = new Store(url, null, null); Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT uuid, app_name, body FROM installation_gaps")) {
            Map<List<String>, Map<GapLedger.Key, LocalDate>> after = new HashMap<>();
            while (rs.next()) {
                assertThat(rs.getString(3)).startsWith("{\"columns\":[\"app_version\",").doesNotContain("\t");
                after.put(List.of(rs.getString(1), rs.getString(2)), GapLedger.fromJson(rs.getString(3)));
            }
            c.rollback();
            assertThat(after).isEqualTo(before);
        }
    }
}
