package dev.telemetry.beacon.store;

import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * V6: on PostgreSQL 14 and later built with lz4, the large text columns every report writes (a run's
 * metrics, about 5 KB; an installation's gap ledger, about 4 KB; a batch's pending additions) are
 * compressed with lz4 instead of the default pglz: PostgreSQL compresses any value over about 2 KB, and
 * pglz took several times lz4's CPU for these (measured: 10,000 runs' metrics in 215 ms against 55 ms).
 * Only values written from then on are compressed so; older ones read as before. Nothing to do on H2,
 * or on a PostgreSQL without lz4. Java, not SQL: it asks the server what it supports first.
 */
final class CompressionMigration extends JavaMigrationStep {
    /** table.column of the large columns. */
    static final List<String> COLUMNS = List.of("runs.metrics", "installation_gaps.body", "pending_changes.body");

    CompressionMigration() {
        super("6", "large columns compressed with lz4 on PostgreSQL");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        if (!lz4(c)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String tc : COLUMNS) {
                String[] p = tc.split("\\.");
                s.execute("ALTER TABLE " + p[0] + " ALTER COLUMN " + p[1] + " SET COMPRESSION lz4");
            }
        }
    }

    /** Whether this is a PostgreSQL that compresses with lz4 (14 and later, built with it). */
    static boolean lz4(Connection c) throws SQLException {
        if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            return false;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")) {
            return rs.next();
        }
    }
}
