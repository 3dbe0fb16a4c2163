package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Deletes what is older than the cutoff: runs received before it, installations last seen before it,
 * and the dashboard's rows of earlier days. Installations go too, so that one that comes back is
 * counted afresh rather than moved out of a row that is no longer there. Safe across a fleet: each
 * beacon runs it on its own schedule; the deletes are idempotent and the ledger rows are locked.
 */
final class Retention {
    private final Database db;
    private final Folder folder;

    Retention(Database db, Folder folder) {
        this.db = db;
        this.folder = folder;
    }

    /** A table's rows older than the cutoff: its column, and the cutoff as that column holds it. */
    private record Older(String table, String column, Function<Instant, Object> cutoff) {}

    /** The dashboard's tables of days: their rows of days before the cutoff's go. */
    private static final List<Older> DAYS = List.of(
            new Older("active_by", "last_day", Retention::day),
            new Older("gaps_by", "last_day", Retention::day),
            new Older("daily_active", "on_day", Retention::day),
            new Older("daily_commands", "on_day", Retention::day),
            new Older("daily_results", "on_day", Retention::day));

    /** What {@link #deleteBefore} deletes or prunes, and the pending rows whose additions could land on the days it deletes. */
    private static final List<Older> OLDER = concat(List.of(
            new Older("runs", "received_at", Database::utc),
            new Older("installations", "last_seen", c -> day(c).atStartOfDay()),
            new Older("installation_gaps", "first_day", Retention::day),
            new Older("pending_changes", "received_ms", Instant::toEpochMilli)), DAYS);

    private static List<Older> concat(List<Older> a, List<Older> b) {
        List<Older> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static LocalDate day(Instant cutoff) {
        return cutoff.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * Returns how many runs went. When nothing is older than the cutoff (a young database, a beacon's
     * start-up run) nothing is folded or deleted: the fold that comes first otherwise is for the days it
     * deletes, and one here would fold what the beacon stored meanwhile ahead of {@code --fold-interval}.
     */
    int deleteBefore(Instant cutoff) throws SQLException {
        if (!anythingBefore(cutoff)) {
            return 0;
        }
        folder.fold(); // so nothing pending lands on a day this deletes
        try (Connection c = db.connection()) {
            LocalDateTime t = Database.utc(cutoff);
            LocalDate day = day(cutoff);
            int n;
            try {
                try (Sql q = Sql.prepare(c, "DELETE FROM runs WHERE received_at < :cutoff")) {
                    n = q.setObject("cutoff", t).executeUpdate();
                }
                // whole days only: an installation last seen on the cutoff's day stays with its active_by row
                try (Sql q = Sql.prepare(c, "DELETE FROM installations WHERE last_seen < :day_start")) {
                    q.setObject("day_start", day.atStartOfDay()).executeUpdate();
                }
                pruneLedger(c, day);
                for (Older o : DAYS) {
                    try (Sql q = Sql.prepare(c, "DELETE FROM " + o.table() + " WHERE " + o.column() + " < :day")) {
                        q.setObject("day", o.cutoff().apply(cutoff)).executeUpdate();
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

    /** Whether any row is older than the cutoff: any run, installation, ledger or day this would delete, or a pending row received before it. */
    private boolean anythingBefore(Instant cutoff) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                for (Older o : OLDER) {
                    try (Sql q = Sql.prepare(c, "SELECT 1 FROM " + o.table() + " WHERE " + o.column() + " < :cutoff FETCH FIRST 1 ROWS ONLY")) {
                        try (ResultSet rs = q.setObject("cutoff", o.cutoff().apply(cutoff)).executeQuery()) {
                            if (rs.next()) {
                                return true;
                            }
                        }
                    }
                }
                return false;
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * Drops the ledger's lines of days before the cutoff, as gaps_by's rows of those days go: a gap hit
     * again later is then counted afresh, not moved out of a row that is no longer there.
     */
    private static void pruneLedger(Connection c, LocalDate cutoff) throws SQLException {
        Changes pruned = new Changes();
        try (Sql q = Sql.prepare(c, "SELECT uuid, app_name, body FROM installation_gaps WHERE first_day < :cutoff"
                + " ORDER BY uuid, app_name FOR UPDATE").setObject("cutoff", cutoff)) {
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Map<GapLedger.Key, LocalDate> lines = GapLedger.fromJson(rs.getString("body"));
                    lines.values().removeIf(d -> d.isBefore(cutoff));
                    pruned.ledger(rs.getString("uuid"), rs.getString("app_name"), lines, false);
                }
            }
        }
        pruned.writeLedger(c, false);
    }
}
