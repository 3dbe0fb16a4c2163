package dev.telemetry.beacon.store;

import dev.telemetry.beacon.dashboard.Dashboard;
import dev.telemetry.beacon.dashboard.DashboardQuery;
import dev.telemetry.beacon.dashboard.Filter;
import dev.telemetry.beacon.releases.Releases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bulk seed holds what ingesting the same reports one by one holds. */
class SeederTest {
    static final int INSTALLATIONS = 200;
    static final int DAYS = 6;
    static final Instant END = Instant.parse("2026-03-04T13:30:00Z");

    @TempDir
    static Path tmp;
    static Store bulk;
    static Store ingest;

    @BeforeAll
    static void seed() throws Exception {
        bulk = new Store("jdbc:h2:file:" + tmp.resolve("bulk/beacon"), null, null);
        ingest = new Store("jdbc:h2:file:" + tmp.resolve("ingest/beacon"), null, null);
        Seeder.seed(bulk, new InstalledBase(7, DAYS, END), INSTALLATIONS, Seeder.Mode.BULK);
        Seeder.seed(ingest, new InstalledBase(7, DAYS, END), INSTALLATIONS, Seeder.Mode.INGEST);
    }

    @AfterAll
    static void close() {
        bulk.close();
        ingest.close();
    }

    @Test
    void bulkWritesWhatIngestingWrites() throws Exception {
        for (String sql : List.of(
                "SELECT * FROM active_by WHERE installations <> 0 ORDER BY last_day, app_name, app_version, dim, val",
                "SELECT * FROM daily_active WHERE installations <> 0 ORDER BY on_day, app_name, app_version",
                "SELECT * FROM daily_commands ORDER BY on_day, app_name, app_version, command",
                "SELECT * FROM daily_results ORDER BY on_day, app_name, app_version, command, operator, result, code",
                "SELECT * FROM installation_gaps ORDER BY uuid, app_name",
                "SELECT * FROM gaps_by WHERE installations <> 0 ORDER BY last_day, app_name, app_version, command, operator, result, code",
                "SELECT * FROM installations ORDER BY uuid")) {
            List<String> expected = rows(ingest, sql);
            assertThat(expected).as(sql).isNotEmpty();
            assertThat(rows(bulk, sql)).as(sql).isEqualTo(expected);
        }
    }

    @Test
    void everyInstallationIsCountedOnceInEachBreakdown() throws Exception {
        assertThat(rows(bulk, "SELECT COUNT(*) FROM installations")).containsExactly(INSTALLATIONS + "|");
        assertThat(rows(bulk, "SELECT dim, SUM(installations) FROM active_by GROUP BY dim ORDER BY dim"))
                .hasSize(Facets.DIMS.size()).allMatch(r -> r.endsWith("|" + INSTALLATIONS + "|"));
        Dashboard d = new DashboardQuery(bulk, Releases::empty).read(new Filter("", "", 7, LocalDate.of(2026, 3, 4)));
        assertThat(d.active().period()).isEqualTo(INSTALLATIONS);
        assertThat(d.active().day1()).isBetween(INSTALLATIONS / 2L, INSTALLATIONS - 1L); // not everyone reports every day
        assertThat(d.trend()).hasSize(7).first().extracting(Dashboard.DayCount::installations).isEqualTo(0L);
        assertThat(d.versionShares().size()).isGreaterThan(d.apps().size()); // several versions, upgrades during the period
        assertThat(d.gaps()).anyMatch(g -> g.code() != null && g.code() == 238);
        assertThat(d.commands().size()).isBetween(10, DashboardQuery.TOP);
    }

    @Test
    void itsCommandLineIsTypedAndRefusesUnknownFlags() {
        Seeder.Command c = new Seeder.Command();
        Seeder.commandLine(c).parseArgs("--data-dir", "d", "--mode", "ingest", "--days", "7");
        assertThat(c.dir).isEqualTo(Path.of("d"));
        assertThat(c.mode).isEqualTo(Seeder.Mode.INGEST);
        assertThat(c.days).isEqualTo(7);
        assertThat(c.installations).isEqualTo(100_000);
        assertThatThrownBy(() -> Seeder.commandLine(new Seeder.Command()).parseArgs("--data-dir", "d", "--instalations", "5"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
        assertThatThrownBy(() -> Seeder.commandLine(new Seeder.Command()).parseArgs("--days", "5"))
                .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--data-dir");
    }

    @Test
    void refusesADatabaseWithData() {
        assertThatThrownBy(() -> Seeder.seed(bulk, new InstalledBase(7, DAYS, END), 1, Seeder.Mode.BULK))
                .isInstanceOf(IllegalStateException.class);
    }

    private static List<String> rows(Store store, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    b.append(rs.getString(i)).append('|');
                }
                out.add(b.toString());
            }
            c.rollback();
        }
        return out;
    }
}
