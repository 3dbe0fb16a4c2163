package dev.telemetry.beacon.store;

import com.zaxxer.hikari.pool.HikariPool;
import dev.telemetry.beacon.Beacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The beacon's storage, by responsibility: the database and its migrations ({@link Database}), storing
 * a report ({@link Ingest}), folding reports into the dashboard's aggregates ({@link Folder}), and
 * retention ({@link Retention}). The dashboard reads the aggregates (DashboardQuery) and never writes.
 */
public final class Store implements AutoCloseable {
    private final Database db;
    private final GroupCommit ingest;
    private final Folder folder;
    private final Retention retention;

    public Store(String jdbcUrl, String user, String password) {
        this(new Database(jdbcUrl, user, password, 8, Duration.ofSeconds(30), null), 1);
    }

    /** With {@code ingestThreads} transactions storing reports at once (PostgreSQL; 1 for the embedded database). */
    public Store(String jdbcUrl, String user, String password, int ingestThreads) {
        this(new Database(jdbcUrl, user, password, 8, Duration.ofSeconds(30), null), ingestThreads);
    }

    private Store(Database db, int ingestThreads) {
        this.db = db;
        FreshAdditions fresh = new FreshAdditions();
        this.ingest = GroupCommit.of(new Ingest(db, fresh), db, ingestThreads);
        this.folder = new Folder(db, fresh);
        this.retention = new Retention(db, folder);
    }

    /**
     * Connects and migrates, or throws {@link Beacon.Unavailable} in one line when the database does not
     * answer within {@code timeout} (or refuses the beacon, or cannot be migrated). {@code shown}: the
     * database as the line names it (no password). {@code meterRegistry}: Micrometer's, for the pool's meters.
     * {@code ingestThreads}: transactions storing reports at once ({@link GroupCommit}).
     */
    public static Store open(String jdbcUrl, String user, String password, int poolSize, Duration timeout, String shown,
                             Object meterRegistry, int ingestThreads) {
        try {
            return new Store(new Database(jdbcUrl, user, password, poolSize, timeout, meterRegistry), ingestThreads);
        } catch (HikariPool.PoolInitializationException e) {
            throw new Beacon.Unavailable("the database (" + shown + ") does not answer within " + timeout.toMillis()
                    + " ms (--db, --db-timeout): " + rootMessage(e), e);
        } catch (FlywayException e) {
            throw new Beacon.Unavailable("the database (" + shown + ") could not be migrated: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }

    public DataSource dataSource() {
        return db.dataSource();
    }

    /** Outcome of one report. */
    public enum Outcome { STORED, STALE }

    /**
     * Stores a report; committed when this returns. Reports stored at the same time from several
     * threads share a transaction ({@link GroupCommit}).
     */
    public Outcome ingest(Report r, GeoInfo geo, Instant now) throws SQLException {
        return ingest.ingest(Ingest.Item.of(r, geo, now));
    }

    /**
     * A report on its way, announced before it is parsed so that a batch being stored waits a little
     * for it ({@link GroupCommit}); store it with {@link Arrival#ingest}, and close the arrival in any case.
     */
    public Arrival arrive() {
        return new Arrival(ingest.arrive());
    }

    /** See {@link #arrive}. */
    public final class Arrival implements AutoCloseable {
        private final GroupCommit.Arrival arrival;

        private Arrival(GroupCommit.Arrival arrival) {
            this.arrival = arrival;
        }

        /** As {@link Store#ingest}. */
        public Outcome ingest(Report r, GeoInfo geo, Instant now) throws SQLException {
            return arrival.ingest(Ingest.Item.of(r, geo, now));
        }

        @Override
        public void close() {
            arrival.close();
        }
    }

    /** Folds what is pending into the dashboard's tables; returns how many pending rows went in. */
    public int fold() throws SQLException {
        return folder.fold();
    }

    /** Retention: deletes runs, installations and aggregate days older than the cutoff; returns how many runs went. */
    public int deleteRunsBefore(Instant cutoff) throws SQLException {
        return retention.deleteBefore(cutoff);
    }

    /**
     * What waits to be folded, across every beacon on this database: pending rows (a report's additions
     * are one row, or a few for a very large report) and the time the oldest was stored (null: none, or
     * only rows stored before V3 recorded it).
     */
    public record Freshness(long pendingRows, Instant oldestPending) {
        /** Seconds the dashboard's tables are behind the stored reports at {@code now}; 0 when nothing is pending. */
        public double lagSeconds(Instant now) {
            return oldestPending == null ? 0 : Math.max(0, Duration.between(oldestPending, now).toMillis() / 1000.0);
        }
    }

    /** A run's commands as its latest stored report counted them (runs.metrics); empty when the run is not stored. */
    public java.util.Map<String, dev.telemetry.beacon.ingest.CommandCounts> runCommands(java.util.UUID run) throws SQLException {
        try (java.sql.Connection c = db.connection(); Sql q = Sql.prepare(c, "SELECT metrics FROM runs WHERE run_id = :run_id")
                .set("run_id", run.toString()); java.sql.ResultSet rs = q.executeQuery()) {
            java.util.Map<String, dev.telemetry.beacon.ingest.CommandCounts> out = rs.next()
                    ? RunMetrics.fromJson(rs.getString(1)).commands() : java.util.Map.of();
            c.rollback();
            return out;
        }
    }

    public Freshness freshness() throws SQLException {
        return db.freshness();
    }

    /** Throws with the reason when the database does not answer a query within {@code seconds}. */
    public void ping(int seconds) throws SQLException {
        db.ping(seconds);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        ingest.close();
        db.close();
    }
}
