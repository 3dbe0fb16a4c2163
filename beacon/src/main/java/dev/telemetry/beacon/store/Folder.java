package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the reports' pending additions into the dashboard's aggregates, in batches of merged changes:
 * the rows of one day are updated once per batch rather than once per report. The beacon runs it in
 * the background every {@code --fold-interval}; the dashboard only reads. Safe across a fleet: on
 * PostgreSQL one beacon folds at a time (an advisory lock; the others wait their turn), and the pending
 * rows a fold takes are locked ({@code FOR UPDATE}) and deleted in the same transaction, so a report is
 * never applied twice; the aggregates' rows are written in key order, so folds do not deadlock.
 */
final class Folder {
    /** Reports' additions merged per fold transaction. */
    static final int FOLD_BATCH = 2000;

    /** Per database URL: two stores on one embedded database in one JVM still fold one at a time. */
    private static final java.util.Map<String, Object> FOLDING = new java.util.concurrent.ConcurrentHashMap<>();

    private final Database db;
    private final Object folding;
    private final FreshAdditions fresh;

    Folder(Database db, FreshAdditions fresh) {
        this.db = db;
        this.fresh = fresh;
        this.folding = FOLDING.computeIfAbsent(db.url(), u -> new Object());
    }

    /** Returns how many pending rows went in. */
    int fold() throws SQLException {
        synchronized (folding) { // one fold at a time per beacon; across beacons the row locks order them
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
        if (e instanceof SQLException s) {
            String state = s.getSQLState();
            return state != null && state.startsWith("22");
        }
        return true;
    }

    private int foldOneByOne() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connection();
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
                try (Connection c = db.connection(); Sql q = Sql.prepare(c, "DELETE FROM pending_changes WHERE id = :id")) {
                    q.set("id", id).executeUpdate();
                    c.commit();
                }
                fresh.remove(List.of(id));
                System.err.println("beacon: the dashboard's additions of one report could not be applied and were dropped"
                        + " (pending_changes id " + id + "): " + e);
            }
        }
        return ids.size();
    }

    /** An arbitrary key of the fleet's one fold lock (a PostgreSQL advisory lock held until the transaction ends). */
    private static final long FOLD_LOCK = 0x7e1e_0001L;

    /**
     * One folder at a time across a fleet on PostgreSQL: the others wait for it (in their background
     * thread, never a report's) and then find its rows gone, instead of locking rows beside it and
     * updating the same aggregate rows after it. When fold() returns, what was pending when it was
     * called is in, whichever beacon folded it.
     */
    private static void takeFoldLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, FOLD_LOCK);
            ps.executeQuery().close();
        }
    }

    /** DELETE ... WHERE id IN (...), {@link #DELETE_CHUNK} ids a statement. */
    private static void deleteIds(Connection c, List<Long> ids) throws SQLException {
        for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
            try (Sql q = Sql.prepare(c, "DELETE FROM pending_changes WHERE id IN (" + Sql.list("id", chunk.size()) + ")")) {
                q.setList("id", chunk).executeUpdate();
            }
        }
    }

    private static final int DELETE_CHUNK = 512;

    /** Decodes these pending rows' bodies into {@code merged}, {@link #DELETE_CHUNK} rows a statement. */
    private static void readBodies(Connection c, List<Long> ids, Changes merged) throws SQLException {
        for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK));
            try (Sql q = Sql.prepare(c, "SELECT body FROM pending_changes WHERE id IN (" + Sql.list("id", chunk.size()) + ")")) {
                q.setList("id", chunk);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        merged.decode(rs.getString(1));
                    }
                }
            }
        }
    }

    /**
     * Drops the additions held in memory for rows that are gone: held before a read of the oldest rows
     * ({@code read}, in id order), not found by it, and older than the last row it found (or any, when it
     * found fewer than it could): another beacon folded them (they were committed before they were held).
     */
    private void forgetFoldedElsewhere(List<Long> held, List<Long> read) {
        if (held.isEmpty()) {
            return;
        }
        long last = read.size() < FOLD_BATCH ? Long.MAX_VALUE : read.get(read.size() - 1);
        java.util.Set<Long> found = new java.util.HashSet<>(read);
        List<Long> gone = new ArrayList<>();
        for (long h : held) {
            if (h < last && !found.contains(h)) {
                gone.add(h);
            }
        }
        fresh.remove(gone);
    }

    /** Folds the oldest {@link #FOLD_BATCH} pending rows, or only row {@code id}. */
    private int foldBatch(Long id) throws SQLException {
        try (Connection c = db.connection()) {
            try {
                if (db.postgresql()) {
                    takeFoldLock(c);
                }
                Changes merged = new Changes();
                List<Long> ids = new ArrayList<>();
                // held in memory before the rows are read: one of these the read does not find was folded by another beacon
                List<Long> held = fresh.ids();
                // FOR UPDATE orders folds of several beacons on one PostgreSQL; the embedded database has one
                // beacon (its file is locked), whose folds the monitor above orders, and H2 would write every row to lock it
                String lock = db.embedded() ? "" : " FOR UPDATE";
                try (Sql q = Sql.prepare(c, id == null
                        ? "SELECT id FROM pending_changes ORDER BY id FETCH FIRST " + FOLD_BATCH + " ROWS ONLY" + lock
                        : "SELECT id FROM pending_changes WHERE id = :id" + lock)) {
                    if (id != null) {
                        q.set("id", id);
                    }
                    try (ResultSet rs = q.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                // this beacon's own rows from memory, the others' decoded from their bodies
                List<Long> decode = new ArrayList<>();
                for (long i : ids) {
                    Changes mine = fresh.get(i);
                    if (mine != null) {
                        merged.addAll(mine);
                    } else {
                        decode.add(i);
                    }
                }
                readBodies(c, decode, merged);
                if (ids.isEmpty()) {
                    c.rollback();
                    if (id == null) {
                        forgetFoldedElsewhere(held, ids);
                    }
                    return 0;
                }
                merged.writeAdds(c, false);
                // by id, not "up to the last id": a report with a lower id may commit after this read
                deleteIds(c, ids);
                c.commit();
                fresh.remove(ids);
                if (id == null) {
                    forgetFoldedElsewhere(held, ids);
                }
                return ids.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
