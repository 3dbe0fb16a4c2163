package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A batch's statements on PostgreSQL: one that reads and locks every row the batch touches, one that
 * writes them all (data-modifying {@code WITH} queries, one per table and kind of change the batch
 * has, each taking its rows as one JSON array), then the commit: three round trips however many
 * tables and rows, where a statement per table and kind took seven for a batch of new installations.
 * The read has one text whatever the batch's size (arrays, not IN lists) and the write one per set of
 * kinds of change (a few in practice), so the driver keeps them prepared and the ingest sessions keep
 * their plans ({@link Database#INGEST_SESSION}). The rows and their bindings are {@link Ingest}'s, as on
 * H2, which takes a statement per table (round trips there are calls in the same process, and H2 has no
 * data-modifying {@code WITH}).
 */
final class PostgresBatch {
    private PostgresBatch() {}

    /** As {@link Ingest#INSERT_INSTALLATION} and {@link Ingest#INSERT_RUN} ({@code PostgresBatchTest} holds them to those and to the tables). */
    static final List<String> INSTALLATION = List.of("uuid", "first_seen", "last_seen", "app_name", "app_version", "backend",
            "installation_type", "build_tags", "java_version", "java_vendor", "os", "arch", "telemetry", "asn", "as_org",
            "country", "cloud_provider", "cloud_region");
    static final List<String> RUN = List.of("run_id", "uuid", "sequence", "received_at", "uptime_s", "app_version",
            "agent_version", "profile", "dropped_commands", "dropped_results", "omitted_commands", "omitted_results", "metrics");
    static final List<String> LEDGER = List.of("uuid", "app_name", "first_day", "body");

    /** A kind of change a batch may write, as one part of the write statement, its rows bound as {@code :<name>}. */
    enum Part {
        NEW_INSTALLATIONS(insert("installations", "new_installations", INSTALLATION)),
        CHANGED_INSTALLATIONS(update("installations", "changed_installations", INSTALLATION, Set.of("first_seen"), "uuid")),
        NEW_LEDGERS(insert("installation_gaps", "new_ledgers", LEDGER)),
        CHANGED_LEDGERS(update("installation_gaps", "changed_ledgers", LEDGER, Set.of(), "uuid", "app_name")),
        GONE_LEDGERS("DELETE FROM installation_gaps t USING " + rows("installation_gaps", "gone_ledgers")
                + " WHERE t.uuid = v.uuid AND t.app_name = v.app_name"),
        PENDING("INSERT INTO pending_changes (body, received_ms) SELECT body, received_ms FROM "
                + rows("pending_changes", "pending") + " RETURNING id"),
        NEW_RUNS(insert("runs", "new_runs", RUN)),
        CHANGED_RUNS(update("runs", "changed_runs", RUN, Set.of("uuid"), "run_id"));

        final String sql;

        Part(String sql) {
            this.sql = sql;
        }

        String parameter() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The rows of the batch, locked until it commits: runs, then installations, then ledgers, each in key order (as on H2). */
    static final String READ = "WITH r AS (SELECT run_id, sequence, metrics FROM runs WHERE run_id = ANY(CAST(:runs AS varchar[]))"
            + " ORDER BY run_id FOR UPDATE),"
            + " i AS (SELECT uuid, last_seen, app_name, app_version, backend, installation_type, java_version, os, arch, country,"
            + " cloud_provider, cloud_region, telemetry FROM installations WHERE uuid = ANY(CAST(:uuids AS varchar[]))"
            + " ORDER BY uuid FOR UPDATE),"
            + " g AS (SELECT uuid, app_name, body FROM installation_gaps WHERE uuid = ANY(CAST(:uuids AS varchar[]))"
            + " ORDER BY uuid, app_name FOR UPDATE)"
            + " SELECT 'r' AS kind, run_id AS key, sequence, metrics AS body, CAST(NULL AS timestamp) AS last_seen,"
            + " CAST(NULL AS varchar) AS app_name, CAST(NULL AS varchar) AS app_version, CAST(NULL AS varchar) AS backend,"
            + " CAST(NULL AS varchar) AS installation_type, CAST(NULL AS varchar) AS java_version, CAST(NULL AS varchar) AS os,"
            + " CAST(NULL AS varchar) AS arch, CAST(NULL AS varchar) AS country, CAST(NULL AS varchar) AS cloud_provider,"
            + " CAST(NULL AS varchar) AS cloud_region, CAST(NULL AS varchar) AS telemetry FROM r"
            + " UNION ALL SELECT 'i', uuid, NULL, NULL, last_seen, app_name, app_version, backend, installation_type, java_version,"
            + " os, arch, country, cloud_provider, cloud_region, telemetry FROM i"
            + " UNION ALL SELECT 'g', uuid, NULL, body, NULL, app_name, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM g";

    private static final Map<Set<Part>, String> WRITES = new ConcurrentHashMap<>();

    /** The write statement for these kinds of change (at least one); the pending rows' ids come back, in no particular order. */
    static String write(Set<Part> parts) {
        return WRITES.computeIfAbsent(Set.copyOf(parts), p -> {
            StringJoiner with = new StringJoiner(", ", "WITH ", "");
            for (Part part : Part.values()) {
                if (p.contains(part)) {
                    with.add(part.parameter() + " AS (" + part.sql + ")");
                }
            }
            return with + (p.contains(Part.PENDING) ? " SELECT id FROM pending" : " SELECT CAST(NULL AS bigint) WHERE false");
        });
    }

    /** A table's rows from {@code :name}, a JSON array of objects named by column: {@code v}. */
    private static String rows(String table, String name) {
        return "json_populate_recordset(CAST(NULL AS " + table + "), CAST(:" + name + " AS json)) AS v";
    }

    private static String insert(String table, String name, List<String> columns) {
        String list = String.join(", ", columns);
        return "INSERT INTO " + table + " (" + list + ") SELECT " + list + " FROM " + rows(table, name);
    }

    private static String update(String table, String name, List<String> all, Set<String> kept, String... keys) {
        List<String> keyList = List.of(keys);
        StringJoiner set = new StringJoiner(", ");
        StringJoiner where = new StringJoiner(" AND ");
        for (String c : all) {
            if (keyList.contains(c)) {
                where.add("t." + c + " = v." + c);
            } else if (!kept.contains(c)) {
                set.add(c + " = v." + c);
            }
        }
        return "UPDATE " + table + " t SET " + set + " FROM " + rows(table, name) + " WHERE " + where;
    }

    /** The batch's rows as {@link Ingest} reads them on H2, in one round trip. */
    static Ingest.Locked read(Connection c, Collection<String> runIds, Collection<String> uuids) throws SQLException {
        Ingest.Locked out = new Ingest.Locked();
        try (Sql q = Sql.prepare(c, READ)) {
            q.setArray("runs", "varchar", runIds.toArray());
            q.setArray("uuids", "varchar", uuids.toArray());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString("kind");
                    if (kind.equals("r")) {
                        out.run(rs.getString("key"), rs.getLong("sequence"), rs.getString("body"));
                    } else if (kind.equals("i")) {
                        out.installation(rs.getString("key"), Ingest.seen(rs));
                    } else {
                        out.ledger(rs.getString("key"), rs.getString("app_name"), rs.getString("body"));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Writes the batch: its installations and runs (new rows inserted, so that a row another
     * transaction inserted meanwhile fails this one, which {@link Ingest} retries), its ledgers and its
     * pending rows; nothing when it has none (every report stale). Returns the pending rows' ids.
     */
    static List<Long> write(Connection c, Collection<Ingest.Write> installations, List<Changes.LedgerRow> ledgers,
                            List<String> pending, long receivedMs, Collection<Ingest.Write> runs) throws SQLException {
        Map<Part, JsonRows> parts = new EnumMap<>(Part.class);
        for (Ingest.Write w : installations) {
            JsonRows r = parts.computeIfAbsent(w.insert() ? Part.NEW_INSTALLATIONS : Part.CHANGED_INSTALLATIONS, k -> new JsonRows());
            Ingest.bindInstallation(r, w);
            r.endRow();
        }
        for (Changes.LedgerRow row : ledgers) {
            JsonRows r = parts.computeIfAbsent(row.delete() ? Part.GONE_LEDGERS : row.isNew() ? Part.NEW_LEDGERS : Part.CHANGED_LEDGERS,
                    k -> new JsonRows());
            r.set("uuid", row.uuid()).set("app_name", row.app());
            if (!row.delete()) {
                r.setObject("first_day", row.firstDay()).set("body", row.body());
            }
            r.endRow();
        }
        for (String body : pending) {
            JsonRows r = parts.computeIfAbsent(Part.PENDING, k -> new JsonRows());
            r.set("body", body).set("received_ms", receivedMs);
            r.endRow();
        }
        for (Ingest.Write w : runs) {
            JsonRows r = parts.computeIfAbsent(w.insert() ? Part.NEW_RUNS : Part.CHANGED_RUNS, k -> new JsonRows());
            Ingest.bindRun(r, w);
            r.endRow();
        }
        List<Long> ids = new ArrayList<>(pending.size());
        if (parts.isEmpty()) {
            return ids;
        }
        try (Sql q = Sql.prepare(c, write(parts.keySet()))) {
            for (Map.Entry<Part, JsonRows> e : parts.entrySet()) {
                q.set(e.getKey().parameter(), e.getValue().json());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
