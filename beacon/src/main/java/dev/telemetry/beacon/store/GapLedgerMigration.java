package dev.telemetry.beacon.store;

import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * V5: the gap ledgers ({@code installation_gaps.body}), until now tab-separated lines whose fields meant
 * what their position said (version, command, operator, result, code, last day), are rewritten as JSON
 * that names its columns ({@link GapLedger}). Every line is carried over; a line that does not read
 * fails the migration rather than being dropped. Java, not SQL: it parses text.
 */
final class GapLedgerMigration extends JavaMigrationStep {
    GapLedgerMigration() {
        super("5", "gap ledgers by name");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT uuid, app_name, body FROM installation_gaps");
             Sql up = Sql.prepare(c, "UPDATE installation_gaps SET body = :body WHERE uuid = :uuid AND app_name = :app_name")) {
            int batched = 0;
            while (rs.next()) {
                up.set("body", GapLedger.toJson(legacyLines(rs.getString("body"))))
                        .set("uuid", rs.getString("uuid")).set("app_name", rs.getString("app_name")).addBatch();
                if (++batched % 1000 == 0) {
                    up.executeBatch();
                }
            }
            up.executeBatch();
        }
    }

    /** A V2-V4 ledger: lines of version, command, operator, result, code, last day, tab-separated and escaped. */
    static List<Map.Entry<GapLedger.Key, LocalDate>> legacyLines(String body) throws SQLException {
        List<Map.Entry<GapLedger.Key, LocalDate>> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new SQLException("a gap ledger line does not read (6 tab-separated fields expected): " + line);
            }
            Rollup.Gap gap = new Rollup.Gap(RunMetricsMigration.unescape(f[1]), RunMetricsMigration.unescape(f[2]),
                    RunMetricsMigration.unescape(f[3]), Integer.parseInt(f[4]));
            out.add(Map.entry(new GapLedger.Key(RunMetricsMigration.unescape(f[0]), gap), LocalDate.parse(f[5])));
        }
        return out;
    }
}
