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
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** V6: a report's large values are written compressed with lz4 on PostgreSQL; H2 migrates through V6 unchanged. */
class CompressionMigrationTest {
    @TempDir
    Path tmp;

    @Test
    void onPostgresqlTheLargeColumnsAreWrittenWithLz4() throws Exception {
        try (Store store = new Store(TestBeacon.emptyPostgresql(), null, null)) {
            store.ingest(new ReportParser().parse(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1))),
                    GeoInfo.NONE, Instant.now());
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(CompressionMigration.lz4(c)).isTrue(); // the PostgreSQL of .ci/postgres.sh (15, Debian's) has it
                for (String tc : CompressionMigration.COLUMNS) {
                    String[] p = tc.split("\\.");
                    try (ResultSet rs = s.executeQuery("SELECT attcompression FROM pg_attribute WHERE attrelid = '" + p[0]
                            + "'::regclass AND attname = '" + p[1] + "'")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as(tc).isEqualTo("l");
                    }
                }
                // values over about 2 KB are compressed, with lz4 now: each large column, with a value that compresses
                s.execute("UPDATE runs SET metrics = metrics || repeat(' ', 4000)");
                s.execute("UPDATE installation_gaps SET body = body || repeat(' ', 4000)");
                s.execute("INSERT INTO pending_changes (body, received_ms) VALUES (repeat('{}', 4000), 0)");
                for (String tc : CompressionMigration.COLUMNS) {
                    String[] p = tc.split("\\.");
                    try (ResultSet rs = s.executeQuery("SELECT pg_column_compression(" + p[1] + ") FROM " + p[0]
                            + " ORDER BY length(" + p[1] + ") DESC FETCH FIRST 1 ROWS ONLY")) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).as(tc).isEqualTo("lz4");
                    }
                }
                c.rollback();
            }
        }
    }

    @Test
    void h2MigratesThroughV6() throws Exception {
        try (Store store = new Store(TestBeacon.emptyDatabase("h2", tmp), null, null);
             Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(\"version\") FROM \"flyway_schema_history\" WHERE \"success\"")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("6");
            assertThat(CompressionMigration.lz4(c)).isFalse();
        }
    }
}
