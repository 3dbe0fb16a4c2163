package dev.telemetry.beacon.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The database and its schema: the connection pool (HikariCP, auto-commit off) and the Flyway
 * migrations, run at open. H2 embedded by default, PostgreSQL in production; the same migrations and
 * the same portable SQL (no MERGE or ON CONFLICT) serve both. Also what an operator asks of it:
 * whether it answers, and how much waits to be folded.
 */
final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final boolean embedded;
    private final String url;

    /** {@code meterRegistry}: a Micrometer registry the pool reports to (hikaricp_connections_*), or null. */
    Database(String jdbcUrl, String user, String password, int poolSize, Duration timeout, Object meterRegistry) {
        this.url = jdbcUrl;
        this.embedded = jdbcUrl.startsWith("jdbc:h2:file:") || jdbcUrl.startsWith("jdbc:h2:mem:");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        if (user != null) {
            c.setUsername(user);
        }
        if (password != null) {
            c.setPassword(password);
        }
        if (meterRegistry != null) {
            c.setMetricRegistry(meterRegistry);
        }
        c.setMaximumPoolSize(poolSize);
        c.setConnectionTimeout(timeout.toMillis());
        // the first connection is tried for as long, then start-up fails instead of waiting for ever
        c.setInitializationFailTimeout(timeout.toMillis());
        c.setPoolName("beacon");
        c.setAutoCommit(false);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // A batch's reads (runs, installations, ledgers: WHERE key IN (...) FOR UPDATE) are prepared
            // statements; after five runs PostgreSQL may keep a generic plan, and one made while the tables
            // were nearly empty is a sequential scan, kept until the next autoanalyze (a minute or more):
            // measured, 36 million rows scanned for 20,000 reports, PostgreSQL's CPU per report four times.
            // A plan per execution costs little next to that for these one-row-per-key statements.
            // Sent at connect (the startup packet's options), not as a SET: with auto-commit off a SET
            // opens a transaction that the connection's first rollback undoes, setting and all.
            c.addDataSourceProperty("options", "-c plan_cache_mode=force_custom_plan");
        }
        this.pool = new HikariDataSource(c);
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Runs the migrations: the SQL ones in db/migration and the Java ones {@link RunMetricsMigration} (V4), {@link GapLedgerMigration} (V5), {@link CompressionMigration} (V6). */
    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).javaMigrations(new RunMetricsMigration(), new GapLedgerMigration(), new CompressionMigration()).load().migrate();
    }

    String url() {
        return url;
    }

    boolean postgresql() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The embedded H2 database: one process (its file is locked), so one beacon. */
    boolean embedded() {
        return embedded;
    }

    DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Times are stored as UTC date-times without a zone: bound as {@link LocalDateTime} they do not pass
     * through the JVM's default time zone, which may differ between two beacons or two starts.
     */
    static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** Two transactions wanted the same new row, or the database chose this one to fail: worth a retry. */
    static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("23") || state.equals("40001") || state.equals("40P01"));
    }

    Store.Freshness freshness() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), MIN(received_ms) FROM pending_changes"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            long oldest = rs.getLong(2);
            Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
            c.rollback();
            return new Store.Freshness(n, at);
        }
    }

    void ping(int seconds) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(seconds)) {
                throw new SQLException("the connection is not valid");
            }
            c.rollback();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
