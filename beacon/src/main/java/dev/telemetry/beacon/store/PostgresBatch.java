package dev.telemetry.beacon.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A batch's statements on PostgreSQL: one that reads and locks every row the batch touches, one that
 * writes them all (data-modifying {@code WITH} queries over arrays, one per table and kind of change),
 * then the commit: three round trips however many tables and rows, where a statement per table and kind
 * took seven for a batch of new installations. Each statement has one text whatever the batch's size
 * (arrays, not IN lists), so the driver keeps it prepared. The rows and their bindings are
 * {@link Ingest}'s, as on H2, which takes a statement per table (round trips there are calls in the
 * same process, and H2 has no data-modifying {@code WITH}).
 */
final class PostgresBatch {
    private PostgresBatch() {}

    /** A column of a written table and its SQL type, for the array it is sent as. */
    record Column(String name, String type) {}

    private static List<Column> columns(String... nameAndType) {
        List<Column> out = new ArrayList<>();
        for (String c : nameAndType) {
            int space = c.indexOf(' ');
            out.add(new Column(c.substring(0, space), c.substring(space + 1)));
        }
        return List.copyOf(out);
    }

    /** As {@link Ingest#INSERT_INSTALLATION}, which these must match ({@code PostgresBatchTest} holds them to it). */
    static final List<Column> INSTALLATION = columns("uuid varchar", "first_seen timestamp", "last_seen timestamp",
            "app_name varchar", "app_version varchar", "backend varchar", "installation_type varchar", "build_tags varchar",
            "java_version varchar", "java_vendor varchar", "os varchar", "arch varchar", "telemetry varchar", "asn bigint",
            "as_org varchar", "country varchar", "cloud_provider varchar", "cloud_region varchar");
    static final List<Column> RUN = columns("run_id varchar", "uuid varchar", "sequence bigint", "received_at timestamp",
            "uptime_s bigint", "app_version varchar", "agent_version varchar", "profile varchar", "dropped_commands bigint",
            "dropped_results bigint", "omitted_commands bigint", "omitted_results bigint", "metrics varchar");
    static final List<Column> LEDGER = columns("uuid varchar", "app_name varchar", "first_day date", "body varchar");
    /** What an update leaves as it was: an installation's first day, a run's installation. */
    private static final Set<String> KEPT = Set.of("first_seen");
    private static final Set<String> RUN_KEPT = Set.of("uuid");

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

    /** Every write of a batch; the pending rows' ids come back, in no particular order. */
    static final String WRITE = "WITH"
            + " new_installations AS (" + insert("installations", "ii_", INSTALLATION) + "),"
            + " changed_installations AS (" + update("installations", "iu_", INSTALLATION, KEPT, "uuid") + "),"
            + " new_ledgers AS (" + insert("installation_gaps", "gi_", LEDGER) + "),"
            + " changed_ledgers AS (" + update("installation_gaps", "gu_", LEDGER, Set.of(), "uuid", "app_name") + "),"
            + " gone_ledgers AS (DELETE FROM installation_gaps t USING unnest(CAST(:gd_uuid AS varchar[]),"
            + " CAST(:gd_app_name AS varchar[])) AS v(uuid, app_name) WHERE t.uuid = v.uuid AND t.app_name = v.app_name),"
            + " pending AS (INSERT INTO pending_changes (body, received_ms) SELECT body, CAST(:received_ms AS bigint) FROM"
            + " unnest(CAST(:p_body AS varchar[])) AS v(body) RETURNING id),"
            + " new_runs AS (" + insert("runs", "ri_", RUN) + "),"
            + " changed_runs AS (" + update("runs", "ru_", RUN, RUN_KEPT, "run_id") + ")"
            + " SELECT id FROM pending";

    private static String unnest(String prefix, List<Column> columns) {
        StringJoiner arrays = new StringJoiner(", ", "unnest(", ")");
        StringJoiner names = new StringJoiner(", ", " AS v(", ")");
        for (Column c : columns) {
            arrays.add("CAST(:" + prefix + c.name() + " AS " + c.type() + "[])");
            names.add(c.name());
        }
        return arrays + names.toString();
    }

    private static String insert(String table, String prefix, List<Column> columns) {
        StringJoiner names = new StringJoiner(", ", "(", ")");
        columns.forEach(c -> names.add(c.name()));
        return "INSERT INTO " + table + " " + names + " SELECT * FROM " + unnest(prefix, columns);
    }

    private static String update(String table, String prefix, List<Column> all, Set<String> kept, String... keys) {
        List<Column> columns = all.stream().filter(c -> !kept.contains(c.name())).toList();
        List<String> keyList = List.of(keys);
        StringJoiner set = new StringJoiner(", ");
        StringJoiner where = new StringJoiner(" AND ");
        for (Column c : columns) {
            if (keyList.contains(c.name())) {
                where.add("t." + c.name() + " = v." + c.name());
            } else {
                set.add(c.name() + " = v." + c.name());
            }
        }
        return "UPDATE " + table + " t SET " + set + " FROM " + unnest(prefix, columns) + " WHERE " + where;
    }

    private static ColumnArrays arrays(String prefix, List<Column> all, Set<String> kept) {
        return new ColumnArrays(prefix, all.stream().map(Column::name).filter(n -> !kept.contains(n)).toArray(String[]::new));
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
     * pending rows. Returns the pending rows' ids.
     */
    static List<Long> write(Connection c, Collection<Ingest.Write> installations, List<Changes.LedgerRow> ledgers,
                            List<String> pending, long receivedMs, Collection<Ingest.Write> runs) throws SQLException {
        ColumnArrays newInstallations = arrays("ii_", INSTALLATION, Set.of());
        ColumnArrays changedInstallations = arrays("iu_", INSTALLATION, KEPT);
        for (Ingest.Write w : installations) {
            ColumnArrays a = w.insert() ? newInstallations : changedInstallations;
            Ingest.bindInstallation(a, w);
            a.endRow();
        }
        ColumnArrays newLedgers = arrays("gi_", LEDGER, Set.of());
        ColumnArrays changedLedgers = arrays("gu_", LEDGER, Set.of());
        ColumnArrays goneLedgers = new ColumnArrays("gd_", "uuid", "app_name");
        for (Changes.LedgerRow row : ledgers) {
            ColumnArrays a = row.delete() ? goneLedgers : row.isNew() ? newLedgers : changedLedgers;
            a.set("uuid", row.uuid()).set("app_name", row.app());
            if (!row.delete()) {
                a.setObject("first_day", row.firstDay()).set("body", row.body());
            }
            a.endRow();
        }
        ColumnArrays newRuns = arrays("ri_", RUN, Set.of());
        ColumnArrays changedRuns = arrays("ru_", RUN, RUN_KEPT);
        for (Ingest.Write w : runs) {
            ColumnArrays a = w.insert() ? newRuns : changedRuns;
            Ingest.bindRun(a, w);
            a.endRow();
        }
        List<Long> ids = new ArrayList<>(pending.size());
        try (Sql q = Sql.prepare(c, WRITE)) {
            for (ColumnArrays a : List.of(newInstallations, changedInstallations, newLedgers, changedLedgers, goneLedgers,
                    newRuns, changedRuns)) {
                a.bind(q);
            }
            q.setArray("p_body", "varchar", pending.toArray()).set("received_ms", receivedMs);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
