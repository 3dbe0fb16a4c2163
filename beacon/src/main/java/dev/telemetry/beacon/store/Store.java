package dev.telemetry.beacon.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;
import com.zaxxer.hikari.pool.HikariPool;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The database: H2 embedded by default, PostgreSQL in production; the same Flyway migrations and the
 * same portable SQL (no MERGE or ON CONFLICT) serve both. Reports are cumulative per process run, so
 * a run's row is replaced only by a report with a higher sequence; a replayed or older one changes nothing.
 */
public final class Store implements AutoCloseable {
    /** Parameters: see {@link #setInstallation(PreparedStatement, Report, GeoInfo, LocalDateTime, LocalDateTime)}. */
    static final String INSERT_INSTALLATION = "INSERT INTO installations (last_seen, app_name, app_version, backend,"
            + " installation_type, build_tags, java_version, java_vendor, os, arch, telemetry, asn, as_org, country,"
            + " cloud_provider, cloud_region, uuid, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Reports' additions merged per fold transaction. */
    private static final int FOLD_BATCH = 2000;
    /** Within pending_changes.body's VARCHAR(1000000); a larger report's additions take several rows. */
    static final int PENDING_CHARS = 900_000;
    private final HikariDataSource pool;
    private final Object folding = new Object();

    public Store(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, 8, Duration.ofSeconds(30), null);
    }

    /**
     * Connects and migrates, or throws {@link dev.telemetry.beacon.Beacon.Unavailable} in one line when the
     * database does not answer within {@code timeout} (or refuses the beacon, or cannot be migrated).
     * {@code shown}: the database as the line names it (no password).
     */
    public static Store open(String jdbcUrl, String user, String password, int poolSize, Duration timeout, String shown,
                             Object meterRegistry) {
        try {
            return new Store(jdbcUrl, user, password, poolSize, timeout, meterRegistry);
        } catch (HikariPool.PoolInitializationException e) {
            throw new dev.telemetry.beacon.Beacon.Unavailable("the database (" + shown + ") does not answer within "
                    + timeout.toMillis() + " ms (--db, --db-timeout): " + rootMessage(e), e);
        } catch (FlywayException e) {
            throw new dev.telemetry.beacon.Beacon.Unavailable("the database (" + shown + ") could not be migrated: " + rootMessage(e), e);
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

    /** {@code meterRegistry}: a Micrometer registry the pool reports to (hikaricp_connections_*), or null. */
    Store(String jdbcUrl, String user, String password, int poolSize, Duration timeout, Object meterRegistry) {
        HikariConfig c = new HikariConfig();
        if (meterRegistry != null) {
            c.setMetricRegistry(meterRegistry);
        }
        c.setJdbcUrl(jdbcUrl);
        if (user != null) {
            c.setUsername(user);
        }
        if (password != null) {
            c.setPassword(password);
        }
        c.setMaximumPoolSize(poolSize);
        c.setConnectionTimeout(timeout.toMillis());
        // the first connection is tried for as long, then start-up fails instead of waiting for ever
        c.setInitializationFailTimeout(timeout.toMillis());
        c.setPoolName("beacon");
        c.setAutoCommit(false);
        this.pool = new HikariDataSource(c);
        try {
            Flyway.configure().dataSource(pool).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public javax.sql.DataSource dataSource() {
        return pool;
    }

    /**
     * Times are stored as UTC date-times without a zone: bound as {@link LocalDateTime} they do not pass
     * through the JVM's default time zone, which may differ between two beacons or two starts.
     */
    static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    /** Outcome of one report. */
    public enum Outcome { STORED, STALE }

    public Outcome ingest(Report r, GeoInfo geo, Instant now) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                try {
                    Outcome o = ingest(c, r, geo, utc(now));
                    c.commit();
                    return o;
                } catch (SQLException e) {
                    c.rollback();
                    // two first reports of one installation or run at once: the loser retries as an update
                    if (attempt < 3 && isConflict(e)) {
                        continue;
                    }
                    throw e;
                }
            }
        }
    }

    private static boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("23") || state.equals("40001") || state.equals("40P01"));
    }

    private Outcome ingest(Connection c, Report r, GeoInfo geo, LocalDateTime now) throws SQLException {
        Long stored = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT sequence FROM runs WHERE run_id = ? FOR UPDATE")) {
            ps.setString(1, r.runId().toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    stored = rs.getLong(1);
                }
            }
        }
        if (stored != null && stored >= r.sequence()) {
            return Outcome.STALE;
        }
        String run = r.runId().toString();
        String uuid = r.uuid().toString();
        LocalDate day = now.toLocalDate();
        Rollup.Seen before = seen(c, uuid);
        Rollup.Totals previous = stored == null ? Rollup.Totals.NONE : totals(c, run);
        storeInstallation(c, r, geo, now, before == null);
        Changes changes = new Changes();
        Rollup.report(changes, uuid, before, Rollup.Seen.of(day, r, geo), previous, Rollup.totals(r), () -> gapDays(c, uuid, r.appName()));
        changes.writeLedger(c, false);
        if (changes.hasAdds()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pending_changes (body, received_ms) VALUES (?, ?)")) {
                long receivedMs = now.toInstant(ZoneOffset.UTC).toEpochMilli();
                for (String part : Changes.split(changes.encode(), PENDING_CHARS)) {
                    ps.setString(1, part);
                    ps.setLong(2, receivedMs);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (stored == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_id, uuid, sequence, received_at, uptime_s,"
                    + " app_version, agent_version, profile, dropped_commands, dropped_results, omitted_commands, omitted_results)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, run);
                ps.setString(2, r.uuid().toString());
                setRun(ps, 3, r, now);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET sequence = ?, received_at = ?, uptime_s = ?,"
                    + " app_version = ?, agent_version = ?, profile = ?, dropped_commands = ?, dropped_results = ?,"
                    + " omitted_commands = ?, omitted_results = ? WHERE run_id = ?")) {
                setRun(ps, 1, r, now);
                ps.setString(11, run);
                ps.executeUpdate();
            }
            for (String table : new String[]{"run_commands", "run_results"}) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                    ps.setString(1, run);
                    ps.executeUpdate();
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_commands (run_id, command, count, failures, total_us, histogram) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Report.Command cmd : r.commands()) {
                ps.setString(1, run);
                ps.setString(2, cmd.name());
                ps.setLong(3, cmd.count());
                ps.setLong(4, cmd.failures());
                ps.setLong(5, cmd.totalMicros());
                ps.setString(6, Arrays.stream(cmd.histogram()).mapToObj(Long::toString).collect(Collectors.joining(",")));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_results (run_id, command, operator, result, code, count) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Report.Result res : r.results()) {
                ps.setString(1, run);
                ps.setString(2, res.command());
                ps.setString(3, res.operator());
                ps.setString(4, res.result());
                ps.setInt(5, res.code());
                ps.setLong(6, res.count());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return Outcome.STORED;
    }

    /**
     * Folds the reports' pending additions into the dashboard's aggregates, in batches of merged
     * changes: the rows of one day are updated once per batch rather than once per report. The
     * beacon calls it every second and before the dashboard is read; one fold at a time per beacon,
     * and the rows are locked, so two beacons on one database do not apply a report twice.
     * Returns how many reports' additions went in.
     */
    public int fold() throws SQLException {
        synchronized (folding) {
            int total = 0;
            int n;
            do {
                try {
                    n = foldBatch(null);
                } catch (SQLException | RuntimeException e) {
                    if (!isBadData(e)) {
                        throw e;
                    }
                    n = foldOneByOne(); // one report's additions that cannot be applied must not stop the rest
                }
                total += n;
            } while (n == FOLD_BATCH);
            return total;
        }
    }

    /** A data error (SQLSTATE class 22, such as a value out of range) or an unreadable body: retrying will not help. */
    private static boolean isBadData(Exception e) {
        if (e instanceof SQLException) {
            String state = ((SQLException) e).getSQLState();
            return state != null && state.startsWith("22");
        }
        return true;
    }

    private int foldOneByOne() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM pending_changes ORDER BY id FETCH FIRST " + FOLD_BATCH + " ROWS ONLY");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            c.rollback();
        }
        for (long id : ids) {
            try {
                foldBatch(id);
            } catch (SQLException | RuntimeException e) {
                if (!isBadData(e)) {
                    throw e;
                }
                try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM pending_changes WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                    c.commit();
                }
                System.err.println("beacon: the dashboard's additions of one report could not be applied and were dropped"
                        + " (pending_changes id " + id + "): " + e);
            }
        }
        return ids.size();
    }

    /** Folds the oldest {@link #FOLD_BATCH} pending rows, or only row {@code id}. */
    private int foldBatch(Long id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                Changes merged = new Changes();
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(id == null
                        ? "SELECT id, body FROM pending_changes ORDER BY id FETCH FIRST " + FOLD_BATCH + " ROWS ONLY FOR UPDATE"
                        : "SELECT id, body FROM pending_changes WHERE id = ? FOR UPDATE")) {
                    if (id != null) {
                        ps.setLong(1, id);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            merged.decode(rs.getString(2));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    c.rollback();
                    return 0;
                }
                merged.writeAdds(c, false);
                // by id, not "up to the last id": a report with a lower id may commit after this read
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM pending_changes WHERE id = ?")) {
                    for (long each : ids) {
                        ps.setLong(1, each);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                return ids.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
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

    public Freshness freshness() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*), MIN(received_ms) FROM pending_changes"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            long oldest = rs.getLong(2);
            Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
            c.rollback();
            return new Freshness(n, at);
        }
    }

    /** Whether the database answers a query within {@code seconds}; throws with the reason when it does not. */
    public void ping(int seconds) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(seconds)) {
                throw new SQLException("the connection is not valid");
            }
            c.rollback();
        }
    }

    /** The installation as of its previous report, locked until this one is stored; null when new. */
    private static Rollup.Seen seen(Connection c, String uuid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seen, app_name, app_version, backend, installation_type,"
                + " java_version, os, arch, country, cloud_provider, cloud_region, telemetry FROM installations WHERE uuid = ? FOR UPDATE")) {
            ps.setString(1, uuid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Rollup.Seen(rs.getObject(1, LocalDateTime.class).toLocalDate(), rs.getString(2),
                        rs.getString(3), Facets.of(rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
            }
        }
    }

    /** A run's cumulative counts as stored from its previous report. */
    private static Rollup.Totals totals(Connection c, String run) throws SQLException {
        Map<String, long[]> commands = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT command, count, failures, total_us, histogram FROM run_commands WHERE run_id = ?")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String h = rs.getString(5);
                    long[] histogram = h.isEmpty() ? new long[0] : Arrays.stream(h.split(",")).mapToLong(Long::parseLong).toArray();
                    commands.put(rs.getString(1), Rollup.commandTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4), histogram));
                }
            }
        }
        Map<Rollup.Gap, Long> results = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT command, operator, result, code, count FROM run_results"
                + " WHERE run_id = ? AND result <> 'ok'")) {
            ps.setString(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    results.merge(new Rollup.Gap(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)), rs.getLong(5), Long::sum);
                }
            }
        }
        return new Rollup.Totals(commands, results);
    }

    /** The ledger's last days of one installation's gaps: (version, command, operator, result, code) -> day. */
    private static Map<List<Object>, LocalDate> gapDays(Connection c, String uuid, String app) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM installation_gaps WHERE uuid = ? AND app_name = ? FOR UPDATE")) {
            ps.setString(1, uuid);
            ps.setString(2, app);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Changes.decodeLedger(rs.getString(1)) : new HashMap<>();
            }
        }
    }

    private static void setRun(PreparedStatement ps, int i, Report r, LocalDateTime now) throws SQLException {
        ps.setLong(i, r.sequence());
        ps.setObject(i + 1, now);
        ps.setLong(i + 2, r.uptimeSeconds());
        ps.setString(i + 3, r.appVersion());
        ps.setString(i + 4, r.agentVersion());
        ps.setString(i + 5, r.profile());
        ps.setLong(i + 6, r.droppedCommands());
        ps.setLong(i + 7, r.droppedResults());
        ps.setLong(i + 8, r.omittedCommands());
        ps.setLong(i + 9, r.omittedResults());
    }

    /**
     * {@code isNew}: {@link #seen} found no row, so this INSERTs, and a report of the same installation
     * that stored it meanwhile makes it fail and retry; an UPDATE here would succeed against that row
     * (read committed) and count the installation twice.
     */
    private static void storeInstallation(Connection c, Report r, GeoInfo geo, LocalDateTime now, boolean isNew) throws SQLException {
        if (isNew) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_INSTALLATION)) {
                setInstallation(ps, r, geo, now, now);
                ps.executeUpdate();
            }
            return;
        }
        String set = "last_seen = ?, app_name = ?, app_version = ?, backend = ?, installation_type = ?, build_tags = ?,"
                + " java_version = ?, java_vendor = ?, os = ?, arch = ?, telemetry = ?, asn = ?, as_org = ?, country = ?,"
                + " cloud_provider = ?, cloud_region = ?";
        try (PreparedStatement ps = c.prepareStatement("UPDATE installations SET " + set + " WHERE uuid = ?")) {
            setInstallation(ps, 1, r, geo, now);
            ps.setString(17, r.uuid().toString());
            ps.executeUpdate(); // the row is there: seen() locked it
        }
    }

    /** Binds {@link #INSERT_INSTALLATION}: the installation as of report {@code r}, received at {@code last}. */
    static void setInstallation(PreparedStatement ps, Report r, GeoInfo geo, LocalDateTime first, LocalDateTime last) throws SQLException {
        setInstallation(ps, 1, r, geo, last);
        ps.setString(17, r.uuid().toString());
        ps.setObject(18, first);
    }

    private static void setInstallation(PreparedStatement ps, int i, Report r, GeoInfo g, LocalDateTime now) throws SQLException {
        ps.setObject(i, now);
        ps.setString(i + 1, r.appName());
        ps.setString(i + 2, r.appVersion());
        ps.setString(i + 3, r.backend());
        ps.setString(i + 4, r.installationType());
        ps.setString(i + 5, String.join(";", r.buildTags()));
        ps.setString(i + 6, r.javaVersion());
        ps.setString(i + 7, r.javaVendor());
        ps.setString(i + 8, r.os());
        ps.setString(i + 9, r.arch());
        ps.setString(i + 10, r.telemetry());
        if (g.asn() != null) {
            ps.setLong(i + 11, g.asn());
        } else {
            ps.setNull(i + 11, Types.BIGINT);
        }
        ps.setString(i + 12, truncate(g.asOrganization(), 256));
        ps.setString(i + 13, g.country());
        ps.setString(i + 14, g.cloudProvider());
        ps.setString(i + 15, truncate(g.cloudRegion(), 64));
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /**
     * Deletes what is older than the cutoff: runs (and their metrics) received before it, installations
     * last seen before it, and the dashboard's rows of earlier days. Returns how many runs went.
     * Installations go too, so that one that comes back is counted afresh rather than moved out of a
     * row that is no longer there.
     */
    public int deleteRunsBefore(Instant cutoff) throws SQLException {
        fold(); // so nothing pending lands on a day this deletes
        try (Connection c = pool.getConnection()) {
            LocalDateTime t = utc(cutoff);
            LocalDate day = cutoff.atZone(ZoneOffset.UTC).toLocalDate();
            int n;
            try {
                for (String table : new String[]{"run_commands", "run_results"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                            + " WHERE run_id IN (SELECT run_id FROM runs WHERE received_at < ?)")) {
                        ps.setObject(1, t);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM runs WHERE received_at < ?")) {
                    ps.setObject(1, t);
                    n = ps.executeUpdate();
                }
                // whole days only: an installation last seen on the cutoff's day stays with its active_by row
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM installations WHERE last_seen < ?")) {
                    ps.setObject(1, day.atStartOfDay());
                    ps.executeUpdate();
                }
                pruneLedger(c, day);
                for (String table : new String[]{"active_by WHERE last_day", "gaps_by WHERE last_day",
                        "daily_active WHERE on_day", "daily_commands WHERE on_day", "daily_results WHERE on_day"}) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " < ?")) {
                        ps.setObject(1, day);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
            return n;
        }
    }

    /**
     * Drops the ledger's lines of days before the cutoff, as gaps_by's rows of those days go: a gap hit
     * again later is then counted afresh, not moved out of a row that is no longer there.
     */
    private static void pruneLedger(Connection c, LocalDate cutoff) throws SQLException {
        Changes pruned = new Changes();
        try (PreparedStatement ps = c.prepareStatement("SELECT uuid, app_name, body FROM installation_gaps WHERE first_day < ? FOR UPDATE")) {
            ps.setObject(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<List<Object>, LocalDate> lines = Changes.decodeLedger(rs.getString(3));
                    lines.values().removeIf(d -> d.isBefore(cutoff));
                    pruned.ledger(rs.getString(1), rs.getString(2), lines, false);
                }
            }
        }
        pruned.writeLedger(c, false);
    }

    @Override
    public void close() {
        pool.close();
    }
}
