package dev.telemetry.beacon.store;

import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stores reports, several in one transaction (see {@link GroupCommit}): per report the installation as
 * it says it is now, the run's latest cumulative metrics as one compact row ({@link RunMetrics}), the
 * installation's gap ledger, and the report's additions to the dashboard's aggregates, merged over the
 * batch into pending rows ({@link Changes}, folded in later by {@link Folder}). Reports are cumulative per
 * process run, so a run's row is replaced only by a report with a higher sequence; a replayed or older
 * one changes nothing. The rows a batch touches are read and locked up front (runs, then installations, then
 * ledgers, each in key order), the reports applied in order in memory, and written back; committed
 * before the beacon answers 201. On PostgreSQL the read is one statement and the writes another
 * ({@link PostgresBatch}): a round trip each. On H2 a statement per table and kind of change.
 */
final class Ingest {
    /** Within pending_changes.body's VARCHAR(1000000); a larger batch's additions take several rows. */
    static final int PENDING_CHARS = 900_000;

    /**
     * One report to store, as received, with its run's metrics as the runs row keeps them: computed by
     * the request's thread ({@link #of}), not by the one thread that stores the batches.
     */
    record Item(Report report, GeoInfo geo, Instant at, RunMetrics metrics, String metricsJson) {
        static Item of(Report report, GeoInfo geo, Instant at) {
            RunMetrics m = RunMetrics.of(report);
            return new Item(report, geo, at, m, m.toJson());
        }
    }

    static final String INSERT_INSTALLATION = "INSERT INTO installations (uuid, first_seen, last_seen, app_name, app_version,"
            + " backend, installation_type, build_tags, java_version, java_vendor, os, arch, telemetry, asn, as_org, country,"
            + " cloud_provider, cloud_region) VALUES (:uuid, :first_seen, :last_seen, :app_name, :app_version, :backend,"
            + " :installation_type, :build_tags, :java_version, :java_vendor, :os, :arch, :telemetry, :asn, :as_org, :country,"
            + " :cloud_provider, :cloud_region)";
    private static final String UPDATE_INSTALLATION = "UPDATE installations SET last_seen = :last_seen, app_name = :app_name,"
            + " app_version = :app_version, backend = :backend, installation_type = :installation_type, build_tags = :build_tags,"
            + " java_version = :java_version, java_vendor = :java_vendor, os = :os, arch = :arch, telemetry = :telemetry,"
            + " asn = :asn, as_org = :as_org, country = :country, cloud_provider = :cloud_provider, cloud_region = :cloud_region"
            + " WHERE uuid = :uuid";
    static final String INSERT_RUN = "INSERT INTO runs (run_id, uuid, sequence, received_at, uptime_s, app_version,"
            + " agent_version, profile, dropped_commands, dropped_results, omitted_commands, omitted_results, metrics) VALUES"
            + " (:run_id, :uuid, :sequence, :received_at, :uptime_s, :app_version, :agent_version, :profile, :dropped_commands,"
            + " :dropped_results, :omitted_commands, :omitted_results, :metrics)";
    private static final String UPDATE_RUN = "UPDATE runs SET sequence = :sequence, received_at = :received_at,"
            + " uptime_s = :uptime_s, app_version = :app_version, agent_version = :agent_version, profile = :profile,"
            + " dropped_commands = :dropped_commands, dropped_results = :dropped_results, omitted_commands = :omitted_commands,"
            + " omitted_results = :omitted_results, metrics = :metrics WHERE run_id = :run_id";

    private final Database db;
    private final FreshAdditions fresh;

    Ingest(Database db, FreshAdditions fresh) {
        this.db = db;
        this.fresh = fresh;
    }

    /** What one transaction stored: the outcomes, and its pending row's id and additions when they took one row. */
    private record Stored(List<Store.Outcome> outcomes, long pendingId, Changes changes) {}

    /** Stores the reports in one transaction; their outcomes in the same order. */
    List<Store.Outcome> ingest(List<Item> items) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = db.ingestConnection()) {
                try {
                    Stored o = ingest(c, items);
                    c.commit();
                    if (o.changes() != null) {
                        fresh.stored(o.pendingId(), o.changes()); // committed: the fold may take it from memory
                    }
                    return o.outcomes();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    // two first reports of one installation or run at once (or a deadlock the database broke):
                    // the loser retries, and reads what the winner stored
                    if (attempt < 5 && e instanceof SQLException s && Database.isConflict(s)) {
                        continue;
                    }
                    throw e;
                }
            }
        }
    }

    /** A run as stored: its sequence and cumulative metrics. */
    record StoredRun(long sequence, RunMetrics metrics) {}

    /** A row to write: the last stored report of its run or installation, and whether the row is new. */
    record Write(Item item, LocalDateTime firstSeen, boolean insert) {}

    /** The rows a batch touches as they are stored, locked until the batch commits; absent when new. */
    static final class Locked {
        final Map<String, StoredRun> runs = new HashMap<>();
        final Map<String, Rollup.Seen> seen = new HashMap<>();
        /** (uuid, app) -> (gap -> last day) */
        final Map<List<Object>, Map<GapLedger.Key, LocalDate>> ledgers = new HashMap<>();

        void run(String runId, long sequence, String metricsJson) {
            runs.put(runId, new StoredRun(sequence, RunMetrics.fromJson(metricsJson)));
        }

        void installation(String uuid, Rollup.Seen seen) {
            this.seen.put(uuid, seen);
        }

        void ledger(String uuid, String app, String body) {
            ledgers.put(List.of(uuid, app), GapLedger.fromJson(body));
        }
    }

    private Stored ingest(Connection c, List<Item> items) throws SQLException {
        Set<String> runIds = new TreeSet<>();
        Set<String> uuids = new TreeSet<>();
        for (Item i : items) {
            runIds.add(i.report().runId().toString());
            uuids.add(i.report().uuid().toString());
        }
        boolean pg = db.postgresql();
        Locked locked = pg ? PostgresBatch.read(c, runIds, uuids) : readEach(c, runIds, uuids);
        Map<String, StoredRun> runs = locked.runs;
        Map<String, Rollup.Seen> seen = locked.seen;
        Map<List<Object>, Map<GapLedger.Key, LocalDate>> ledgers = locked.ledgers;
        Set<String> storedRuns = new HashSet<>(runs.keySet());
        Set<String> storedInstallations = new HashSet<>(seen.keySet());
        Map<String, Write> runWrites = new LinkedHashMap<>();
        Map<String, Write> installationWrites = new LinkedHashMap<>();
        Changes changes = new Changes();
        List<Store.Outcome> out = new ArrayList<>(items.size());
        long oldestMs = Long.MAX_VALUE;
        for (Item i : items) {
            Report r = i.report();
            String run = r.runId().toString();
            String uuid = r.uuid().toString();
            StoredRun previous = runs.get(run);
            if (previous != null && previous.sequence() >= r.sequence()) {
                out.add(Store.Outcome.STALE);
                continue;
            }
            LocalDateTime now = Database.utc(i.at());
            Rollup.Seen before = seen.get(uuid);
            Rollup.Seen after = Rollup.Seen.of(now.toLocalDate(), r, i.geo());
            RunMetrics current = i.metrics();
            Rollup.report(changes, uuid, before, after, previous == null ? RunMetrics.NONE : previous.metrics(), current,
                    () -> ledgers.computeIfAbsent(List.of(uuid, r.appName()), k -> new HashMap<>()));
            seen.put(uuid, after);
            runs.put(run, new StoredRun(r.sequence(), current));
            Write earlier = installationWrites.get(uuid);
            installationWrites.put(uuid, new Write(i, earlier == null ? now : earlier.firstSeen(),
                    !storedInstallations.contains(uuid)));
            runWrites.put(run, new Write(i, null, !storedRuns.contains(run)));
            oldestMs = Math.min(oldestMs, i.at().toEpochMilli());
            out.add(Store.Outcome.STORED);
        }
        List<String> parts = changes.hasAdds() ? changes.encode(PENDING_CHARS) : List.of();
        List<Long> pendingIds = pg
                ? PostgresBatch.write(c, installationWrites.values(), changes.ledgerRows(false), parts, oldestMs, runWrites.values())
                : writeEach(c, installationWrites.values(), changes, parts, oldestMs, runWrites.values());
        boolean oneRow = parts.size() == 1 && pendingIds.size() == 1;
        return new Stored(out, oneRow ? pendingIds.get(0) : -1, oneRow ? changes.additionsOnly() : null);
    }

    /** On H2: the rows a batch touches, a statement per table (runs, then installations, then ledgers, each in key order). */
    private static Locked readEach(Connection c, Set<String> runIds, Set<String> uuids) throws SQLException {
        Locked out = new Locked();
        try (Sql q = Sql.prepare(c, "SELECT run_id, sequence, metrics FROM runs WHERE run_id IN (" + Sql.list("run", runIds.size())
                + ") ORDER BY run_id FOR UPDATE")) {
            q.setList("run", runIds);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.run(rs.getString("run_id"), rs.getLong("sequence"), rs.getString("metrics"));
                }
            }
        }
        try (Sql q = Sql.prepare(c, "SELECT uuid, last_seen, app_name, app_version, backend, installation_type, java_version, os,"
                + " arch, country, cloud_provider, cloud_region, telemetry FROM installations WHERE uuid IN ("
                + Sql.list("uuid", uuids.size()) + ") ORDER BY uuid FOR UPDATE")) {
            q.setList("uuid", uuids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.installation(rs.getString("uuid"), seen(rs));
                }
            }
        }
        if (out.seen.isEmpty()) {
            return out; // a new installation has no gap ledger yet (retention removes an installation's ledger with it)
        }
        Set<String> sorted = new TreeSet<>(out.seen.keySet());
        try (Sql q = Sql.prepare(c, "SELECT uuid, app_name, body FROM installation_gaps WHERE uuid IN ("
                + Sql.list("uuid", sorted.size()) + ") ORDER BY uuid, app_name FOR UPDATE")) {
            q.setList("uuid", sorted);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.ledger(rs.getString("uuid"), rs.getString("app_name"), rs.getString("body"));
                }
            }
        }
        return out;
    }

    /** An installation as of its previous report, from a row with the installations table's column names. */
    static Rollup.Seen seen(ResultSet rs) throws SQLException {
        return new Rollup.Seen(rs.getObject("last_seen", LocalDateTime.class).toLocalDate(),
                rs.getString("app_name"), rs.getString("app_version"), Facets.of(rs.getString("backend"),
                rs.getString("installation_type"), rs.getString("java_version"), rs.getString("os"), rs.getString("arch"),
                rs.getString("country"), rs.getString("cloud_provider"), rs.getString("cloud_region"),
                rs.getString("telemetry")));
    }

    /** On H2: the batch's writes, a batched statement per table and kind; the pending rows' ids. */
    private static List<Long> writeEach(Connection c, Collection<Write> installations, Changes changes, List<String> pending,
                                        long receivedMs, Collection<Write> runs) throws SQLException {
        write(c, INSERT_INSTALLATION, UPDATE_INSTALLATION, installations, Ingest::bindInstallation);
        changes.writeLedger(c, false);
        List<Long> ids = new ArrayList<>(pending.size());
        if (!pending.isEmpty()) {
            try (Sql q = Sql.prepareReturning(c, "INSERT INTO pending_changes (body, received_ms) VALUES (:body, :received_ms)", "id")) {
                for (String part : pending) {
                    q.set("body", part).set("received_ms", receivedMs).addBatch();
                }
                q.executeBatch();
                try (ResultSet keys = q.generatedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
        }
        write(c, INSERT_RUN, UPDATE_RUN, runs, Ingest::bindRun);
        return ids;
    }

    /**
     * An installation's row as of write {@code w} (first_seen only when it is new). A new installation is
     * INSERTed, so a report of the same installation that another transaction stored meanwhile makes it
     * fail and retry; an UPDATE here would succeed against that row (read committed) and count the
     * installation twice. An UPDATE finds its row: the batch's read locked it.
     */
    static void bindInstallation(NamedValues q, Write w) throws SQLException {
        if (w.insert()) {
            q.setObject("first_seen", w.firstSeen());
        }
        bindInstallation(q, w.item().report(), w.item().geo(), Database.utc(w.item().at()));
    }

    /** A run's row as of write {@code w} (its installation only when it is new). */
    static void bindRun(NamedValues q, Write w) throws SQLException {
        Report r = w.item().report();
        if (w.insert()) {
            q.set("uuid", r.uuid().toString());
        }
        q.set("run_id", r.runId().toString()).set("sequence", r.sequence()).setObject("received_at", Database.utc(w.item().at()))
                .set("uptime_s", r.uptimeSeconds()).set("app_version", r.appVersion()).set("agent_version", r.agentVersion())
                .set("profile", r.profile()).set("dropped_commands", r.droppedCommands()).set("dropped_results", r.droppedResults())
                .set("omitted_commands", r.omittedCommands()).set("omitted_results", r.omittedResults())
                .set("metrics", w.item().metricsJson());
    }

    private interface Binder {
        void bind(NamedValues q, Write w) throws SQLException;
    }

    /** The new rows in one batched INSERT, the others in one batched UPDATE. */
    private static void write(Connection c, String insert, String update, Collection<Write> writes, Binder binder) throws SQLException {
        try (Sql ins = Sql.prepare(c, insert); Sql up = Sql.prepare(c, update)) {
            int inserts = 0;
            for (Write w : writes) {
                Sql q = w.insert() ? ins : up;
                binder.bind(q, w);
                q.addBatch();
                inserts += w.insert() ? 1 : 0;
            }
            if (inserts > 0) {
                ins.executeBatch();
            }
            if (inserts < writes.size()) {
                up.executeBatch();
            }
        }
    }

    /** Binds {@link #INSERT_INSTALLATION}'s columns but first_seen: the installation as of report {@code r}, received at {@code last}. */
    static void bindInstallation(NamedValues q, Report r, GeoInfo g, LocalDateTime last) throws SQLException {
        q.set("uuid", r.uuid().toString()).setObject("last_seen", last).set("app_name", r.appName()).set("app_version", r.appVersion())
                .set("backend", r.backend()).set("installation_type", r.installationType())
                .set("build_tags", String.join(";", r.buildTags())).set("java_version", r.javaVersion())
                .set("java_vendor", r.javaVendor()).set("os", r.os()).set("arch", r.arch()).set("telemetry", r.telemetry())
                .setNullable("asn", g.asn()).set("as_org", Store.truncate(g.asOrganization(), 256)).set("country", g.country())
                .set("cloud_provider", g.cloudProvider()).set("cloud_region", Store.truncate(g.cloudRegion(), 64));
    }
}
