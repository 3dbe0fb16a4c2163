package dev.telemetry.beacon.store;

import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fold of a beacon's own pending rows from memory ({@link FreshAdditions}) gives the same aggregates
 * as decoding the rows, and an entry whose row another beacon folded is dropped, not applied.
 */
class FreshAdditionsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final List<String> TABLES = List.of("active_by", "daily_active", "daily_commands", "daily_results", "gaps_by");

    private static Database database() {
        return new Database("jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4, Duration.ofSeconds(10), null);
    }

    /** Two runs of three installations each, the second of each run a later report of it. */
    private static void ingest(Ingest ingest) throws Exception {
        for (int i = 0; i < 3; i++) {
            UUID uuid = UUID.randomUUID();
            UUID run = UUID.randomUUID();
            List<Ingest.Item> batch = new ArrayList<>();
            for (long seq = 1; seq <= 2; seq++) {
                Report r = new ReportParser().parse(Reports.bytes(Reports.valid(uuid, run, seq)));
                batch.add(Ingest.Item.of(r, GeoInfo.NONE, NOW.plusSeconds(seq)));
            }
            ingest.ingest(batch.subList(0, 1));
            ingest.ingest(batch.subList(1, 2));
        }
    }

    /** Every aggregate row, keys and counts, as text, sorted. */
    private static List<String> aggregates(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String t : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                    ResultSetMetaData m = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(t);
                        for (int i = 1; i <= m.getColumnCount(); i++) {
                            row.append('|').append(rs.getString(i));
                        }
                        out.add(row.toString());
                    }
                }
            }
            c.rollback();
        }
        out.sort(null);
        return out;
    }

    @Test
    void foldingFromMemoryGivesWhatDecodingGives() throws Exception {
        try (Database fromMemory = database(); Database decoded = database()) {
            FreshAdditions held = new FreshAdditions();
            ingest(new Ingest(fromMemory, held));
            assertThat(held.size()).isEqualTo(6);
            assertThat(new Folder(fromMemory, held).fold()).isEqualTo(6);
            assertThat(held.size()).isZero();

            FreshAdditions elsewhere = new FreshAdditions();
            ingest(new Ingest(decoded, elsewhere));
            // another folder, holding nothing: it decodes every row
            assertThat(new Folder(decoded, new FreshAdditions()).fold()).isEqualTo(6);

            List<String> a = aggregates(fromMemory);
            assertThat(a).anyMatch(r -> r.startsWith("daily_commands|")).anyMatch(r -> r.startsWith("gaps_by|"));
            // the same reports at the same times: the same rows, whichever way the fold read them
            assertThat(a).isEqualTo(aggregates(decoded));

            // the rows the other folder took are gone: the entries held for them are dropped, not applied again
            assertThat(elsewhere.size()).isEqualTo(6);
            assertThat(new Folder(decoded, elsewhere).fold()).isZero();
            assertThat(elsewhere.size()).isZero();
            assertThat(aggregates(decoded)).isEqualTo(a);
        }
    }
}
