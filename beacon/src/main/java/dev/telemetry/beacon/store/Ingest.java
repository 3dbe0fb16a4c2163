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
 * one changes nothing. The rows a batch touches are read and locked up front, one statement per table
 * (runs, then installations, then ledgers, each in key order), the reports applied in order in memory,
 * and written back in batched statements; committed before the beacon answers 201.
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
    private static final String INSERT_RUN = "INSERT INTO runs (run_id, uuid, sequence, received_at, uptime_s, app_version,"
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
            try (Connection c = db.connection()) {
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
    private record StoredRun(long sequence, RunMetrics metrics) {}

    /** A row to write: the last stored report of its run or installation, and whether the row is new. */
    private record Write(Item item, LocalDateTime firstSeen, boolean insert) {}

    private Stored ingest(Connection c, List<Item> items) throws SQLException {
        Set<String> runIds = new TreeSet<>();
        Set<String> uuids = new TreeSet<>();
        for (Item i : items) {
            runIds.add(i.report().runId().toString());
            uuids.add(i.report().uuid().toString());
        }
        Map<String, StoredRun> runs = runs(c, runIds);
        Map<String, Rollup.Seen> seen = installations(c, uuids);
        // a new installation has no gap ledger yet (retention removes an installation's ledger with it): nothing to read
        Map<List<Object>, Map<GapLedger.Key, LocalDate>> ledgers = seen.isEmpty() ? new HashMap<>() : gapDays(c, seen.keySet());
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
        writeInstallations(c, installationWrites.values());
        changes.writeLedger(c, false);
        long pendingId = -1;
        boolean oneRow = false;
        if (changes.hasAdds()) {
            List<String> parts = changes.encode(PENDING_CHARS);
            oneRow = parts.size() == 1;
            try (Sql q = Sql.prepareReturning(c, "INSERT INTO pending_changes (body, received_ms) VALUES (:body, :received_ms)", "id")) {
                for (String part : parts) {
                    q.set("body", part).set("received_ms", oldestMs).addBatch();
                }
                q.executeBatch();
                if (oneRow) {
                    try (ResultSet keys = q.generatedKeys()) {
                        oneRow = keys.next();
                        pendingId = oneRow ? keys.getLong(1) : -1;
                    }
                }
            }
        }
        writeRuns(c, runWrites.values());
        return new Stored(out, pendingId, oneRow ? changes.additionsOnly() : null);
    }

    /** The runs of these ids that are stored, locked until this transaction ends. */
    private static Map<String, StoredRun> runs(Connection c, Set<String> ids) throws SQLException {
        Map<String, StoredRun> out = new HashMap<>();
        try (Sql q = Sql.prepare(c, "SELECT run_id, sequence, metrics FROM runs WHERE run_id IN (" + Sql.list("run", ids.size())
                + ") ORDER BY run_id FOR UPDATE")) {
            q.setList("run", ids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("run_id"), new StoredRun(rs.getLong("sequence"), RunMetrics.fromJson(rs.getString("metrics"))));
                }
            }
        }
        return out;
    }

    /** The installations as of their previous reports, locked until these are stored; absent when new. */
    private static Map<String, Rollup.Seen> installations(Connection c, Set<String> uuids) throws SQLException {
        Map<String, Rollup.Seen> out = new HashMap<>();
        try (Sql q = Sql.prepare(c, "SELECT uuid, last_seen, app_name, app_version, backend, installation_type, java_version, os,"
                + " arch, country, cloud_provider, cloud_region, telemetry FROM installations WHERE uuid IN ("
                + Sql.list("uuid", uuids.size()) + ") ORDER BY uuid FOR UPDATE")) {
            q.setList("uuid", uuids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("uuid"), new Rollup.Seen(rs.getObject("last_seen", LocalDateTime.class).toLocalDate(),
                            rs.getString("app_name"), rs.getString("app_version"), Facets.of(rs.getString("backend"),
                            rs.getString("installation_type"), rs.getString("java_version"), rs.getString("os"), rs.getString("arch"),
                            rs.getString("country"), rs.getString("cloud_provider"), rs.getString("cloud_region"),
                            rs.getString("telemetry"))));
                }
            }
        }
        return out;
    }

    /** The ledgers of these installations, locked: (uuid, app) -> (gap -> last day). */
    private static Map<List<Object>, Map<GapLedger.Key, LocalDate>> gapDays(Connection c, Set<String> uuids) throws SQLException {
        Map<List<Object>, Map<GapLedger.Key, LocalDate>> out = new HashMap<>();
        Set<String> sorted = new TreeSet<>(uuids);
        try (Sql q = Sql.prepare(c, "SELECT uuid, app_name, body FROM installation_gaps WHERE uuid IN ("
                + Sql.list("uuid", sorted.size()) + ") ORDER BY uuid, app_name FOR UPDATE")) {
            q.setList("uuid", sorted);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(List.of(rs.getString("uuid"), rs.getString("app_name")), GapLedger.fromJson(rs.getString("body")));
                }
            }
        }
        return out;
    }

    /**
     * A new installation is INSERTed, so a report of the same installation that another transaction stored
     * meanwhile makes it fail and retry; an UPDATE here would succeed against that row (read committed) and
     * count the installation twice. An UPDATE finds its row: {@link #installations} locked it.
     */
    private static void writeInstallations(Connection c, Collection<Write> writes) throws SQLException {
        write(c, INSERT_INSTALLATION, UPDATE_INSTALLATION, writes, (q, w) -> {
            if (w.insert()) {
                q.setObject("first_seen", w.firstSeen());
            }
            bindInstallation(q, w.item().report(), w.item().geo(), Database.utc(w.item().at()));
        });
    }

    private static void writeRuns(Connection c, Collection<Write> writes) throws SQLException {
        write(c, INSERT_RUN, UPDATE_RUN, writes, (q, w) -> {
            Report r = w.item().report();
            if (w.insert()) {
                q.set("uuid", r.uuid().toString());
            }
            q.set("run_id", r.runId().toString()).set("sequence", r.sequence()).setObject("received_at", Database.utc(w.item().at()))
                    .set("uptime_s", r.uptimeSeconds()).set("app_version", r.appVersion()).set("agent_version", r.agentVersion())
                    .set("profile", r.profile()).set("dropped_commands", r.droppedCommands()).set("dropped_results", r.droppedResults())
                    .set("omitted_commands", r.omittedCommands()).set("omitted_results", r.omittedResults())
                    .set("metrics", w.item().metricsJson());
        });
    }

    private interface Binder {
        void bind(Sql q, Write w) throws SQLException;
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
    static void bindInstallation(Sql q, Report r, GeoInfo g, LocalDateTime last) throws SQLException {
        q.set("uuid", r.uuid().toString()).setObject("last_seen", last).set("app_name", r.appName()).set("app_version", r.appVersion())
                .set("backend", r.backend()).set("installation_type", r.installationType())
                .set("build_tags", String.join(";", r.buildTags())).set("java_version", r.javaVersion())
                .set("java_vendor", r.javaVendor()).set("os", r.os()).set("arch", r.arch()).set("telemetry", r.telemetry())
                .setNullable("asn", g.asn()).set("as_org", Store.truncate(g.asOrganization(), 256)).set("country", g.country())
                .set("cloud_provider", g.cloudProvider()).set("cloud_region", Store.truncate(g.cloudRegion(), 64));
    }
}
