package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holding an ingest thread on a PostgreSQL row lock, so that a test knows what is in flight instead of
 * timing it: a connection of the test's own locks an installation's row, and the test waits until the
 * database says a session waits for it.
 */
final class RowLocks {
    private RowLocks() {}

    interface Condition {
        boolean holds();
    }

    /** Waits at most 10 s for {@code c}, and fails when it does not hold by then. */
    static void waitFor(Condition c) throws InterruptedException {
        for (int i = 0; i < 1000 && !c.holds(); i++) {
            Thread.sleep(10);
        }
        assertThat(c.holds()).isTrue();
    }

    /** A connection of its own holding installation {@code uuid}'s row lock until it commits. */
    static Connection hold(String url, UUID uuid) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT uuid FROM installations WHERE uuid = '" + uuid + "' FOR UPDATE").close();
        }
        return c;
    }

    /** Sessions of this database waiting for a lock, from a connection of its own (a transaction would see a snapshot). */
    static long lockWaits(String url) {
        return count(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    /** One number, from a connection of its own: what is committed. */
    static long count(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
