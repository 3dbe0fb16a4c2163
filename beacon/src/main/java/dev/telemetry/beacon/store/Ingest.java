package dev.telemetry.beacon.store;

import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores one report in one transaction: the installation as it says it is now, the run's latest
 * cumulative metrics as one compact row ({@link RunMetrics}), the installation's gap ledger, and the
 * report's additions to the dashboard's aggregates as pending rows ({@link Changes}, folded in later
 * by {@link Folder}). Reports are cumulative per process run, so a run's row is replaced only by a
 * report with a higher sequence; a replayed or older one changes nothing. Committed before the beacon
 * answers 201.
 */
final class Ingest {
    /** Within pending_changes.body's VARCHAR(1000000); a larger report's additions take several rows. */
    static final int PENDING_CHARS = 900_000;

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
    private static final String RUN_COLUMNS = "sequence = :sequence, received_at = :received_at, uptime_s = :uptime_s,"
            + " app_version = :app_version, agent_version = :agent_version, profile = :profile, dropped_commands = :dropped_commands,"
            + " dropped_results = :dropped_results, omitted_commands = :omitted_commands, omitted_results = :omitted_results,"
            + " metrics = :metrics";

    private final Database db;

    Ingest(Database db) {
        this.db = db;
    }

    Store.Outcome ingest(Report r, GeoInfo geo, Instant now) throws SQLException {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = db.connection()) {
                try {
                    Store.Outcome o = ingest(c, r, geo, Database.utc(now));
                    c.commit();
                    return o;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    // two first reports of one installation or run at once: the loser retries as an update
                    if (attempt < 3 && e instanceof SQLException s && Database.isConflict(s)) {
                        continue;
                    }
                    throw e;
                }
            }
        }
    }

    private Store.Outcome ingest(Connection c, Report r, GeoInfo geo, LocalDateTime now) throws SQLException {
        String run = r.runId().toString();
        String uuid = r.uuid().toString();
        Long stored = null;
        RunMetrics previous = RunMetrics.NONE;
        try (Sql q = Sql.prepare(c, "SELECT sequence, metrics FROM runs WHERE run_id = :run_id FOR UPDATE").set("run_id", run);
             ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
                stored = rs.getLong(1);
                if (stored >= r.sequence()) {
                    return Store.Outcome.STALE;
                }
                previous = RunMetrics.fromJson(rs.getString(2));
            }
        }
        LocalDate day = now.toLocalDate();
        Rollup.Seen before = seen(c, uuid);
        storeInstallation(c, r, geo, now, before == null);
        RunMetrics current = RunMetrics.of(r);
        Changes changes = new Changes();
        // a new installation has no gap ledger yet (retention removes an installation's ledger with it): nothing to read
        Rollup.report(changes, uuid, before, Rollup.Seen.of(day, r, geo), previous, current,
                () -> before == null ? new HashMap<>() : gapDays(c, uuid, r.appName()));
        changes.writeLedger(c, false);
        if (changes.hasAdds()) {
            try (Sql q = Sql.prepare(c, "INSERT INTO pending_changes (body, received_ms) VALUES (:body, :received_ms)")) {
                long receivedMs = now.toInstant(ZoneOffset.UTC).toEpochMilli();
                for (String part : changes.encode(PENDING_CHARS)) {
                    q.set("body", part).set("received_ms", receivedMs).addBatch();
                }
                q.executeBatch();
            }
        }
        try (Sql q = Sql.prepare(c, stored == null
                ? "INSERT INTO runs (run_id, uuid, sequence, received_at, uptime_s, app_version, agent_version, profile,"
                        + " dropped_commands, dropped_results, omitted_commands, omitted_results, metrics) VALUES (:run_id, :uuid,"
                        + " :sequence, :received_at, :uptime_s, :app_version, :agent_version, :profile, :dropped_commands,"
                        + " :dropped_results, :omitted_commands, :omitted_results, :metrics)"
                : "UPDATE runs SET " + RUN_COLUMNS + " WHERE run_id = :run_id")) {
            if (stored == null) {
                q.set("uuid", uuid);
            }
            q.set("run_id", run).set("sequence", r.sequence()).setObject("received_at", now)
                    .set("uptime_s", r.uptimeSeconds()).set("app_version", r.appVersion()).set("agent_version", r.agentVersion())
                    .set("profile", r.profile()).set("dropped_commands", r.droppedCommands()).set("dropped_results", r.droppedResults())
                    .set("omitted_commands", r.omittedCommands()).set("omitted_results", r.omittedResults())
                    .set("metrics", current.toJson());
            q.executeUpdate();
        }
        return Store.Outcome.STORED;
    }

    /** The installation as of its previous report, locked until this one is stored; null when new. */
    private static Rollup.Seen seen(Connection c, String uuid) throws SQLException {
        try (Sql q = Sql.prepare(c, "SELECT last_seen, app_name, app_version, backend, installation_type, java_version, os, arch,"
                + " country, cloud_provider, cloud_region, telemetry FROM installations WHERE uuid = :uuid FOR UPDATE").set("uuid", uuid);
             ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            return new Rollup.Seen(rs.getObject("last_seen", LocalDateTime.class).toLocalDate(), rs.getString("app_name"),
                    rs.getString("app_version"), Facets.of(rs.getString("backend"), rs.getString("installation_type"),
                    rs.getString("java_version"), rs.getString("os"), rs.getString("arch"), rs.getString("country"),
                    rs.getString("cloud_provider"), rs.getString("cloud_region"), rs.getString("telemetry")));
        }
    }

    /** The ledger's last days of one installation's gaps: (version, command, operator, result, code) -> day. */
    private static Map<List<Object>, LocalDate> gapDays(Connection c, String uuid, String app) throws SQLException {
        try (Sql q = Sql.prepare(c, "SELECT body FROM installation_gaps WHERE uuid = :uuid AND app_name = :app_name FOR UPDATE")
                .set("uuid", uuid).set("app_name", app); ResultSet rs = q.executeQuery()) {
            return rs.next() ? Changes.decodeLedger(rs.getString(1)) : new HashMap<>();
        }
    }

    /**
     * {@code isNew}: {@link #seen} found no row, so this INSERTs, and a report of the same installation
     * that stored it meanwhile makes it fail and retry; an UPDATE here would succeed against that row
     * (read committed) and count the installation twice.
     */
    private static void storeInstallation(Connection c, Report r, GeoInfo geo, LocalDateTime now, boolean isNew) throws SQLException {
        try (Sql q = Sql.prepare(c, isNew ? INSERT_INSTALLATION : UPDATE_INSTALLATION)) {
            if (isNew) {
                q.setObject("first_seen", now);
            }
            bindInstallation(q, r, geo, now);
            q.executeUpdate(); // an UPDATE finds the row: seen() locked it
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
