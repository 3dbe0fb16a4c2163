package dev.telemetry.beacon.store;

import dev.telemetry.beacon.TestBeacon;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's PostgreSQL sessions: each plans every statement when it runs
 * ({@code plan_cache_mode = force_custom_plan}, see {@link Database}) for the whole of its life, and
 * whatever its first transaction does. A setting made by a statement at connect time would sit in a
 * transaction (auto-commit is off) that a first rollback (a health check, an empty fold) undoes, and
 * the session would then keep generic plans. The ingest threads' sessions are the other way round
 * ({@link Database#INGEST_SESSION}): one plan per statement, which finds its rows by key however empty
 * the tables were when it was made.
 */
class DatabaseSessionTest {

    @Test
    void everyPooledSessionPlansEachStatementEvenAfterARollback() throws Exception {
        try (Database db = new Database(TestBeacon.emptyPostgresql(), null, null, 3, Duration.ofSeconds(10), null);
             Connection a = db.connection(); Connection b = db.connection(); Connection c = db.connection()) {
            for (Connection each : new Connection[] {a, b, c}) { // every connection of the pool at once, so each a different session
                each.rollback(); // what a health check or an empty fold does first
                try (Statement s = each.createStatement()) {
                    assertThat(text(s, "SHOW plan_cache_mode")).isEqualTo("force_custom_plan");
                }
                each.rollback();
            }
        }
    }

    @Test
    void everyIngestSessionKeepsOnePlanPerStatementWithoutScansEvenAfterARollback() throws Exception {
        try (Database db = new Database(TestBeacon.emptyPostgresql(), null, null, 3, Duration.ofSeconds(10), null, 2);
             Connection a = db.ingestConnection(); Connection b = db.ingestConnection()) {
            for (Connection each : new Connection[] {a, b}) {
                each.rollback();
                try (Statement s = each.createStatement()) {
                    assertThat(text(s, "SHOW plan_cache_mode")).isEqualTo("force_generic_plan");
                    assertThat(text(s, "SHOW enable_seqscan")).isEqualTo("off");
                    assertThat(text(s, "SHOW enable_hashjoin")).isEqualTo("off");
                    assertThat(text(s, "SHOW enable_mergejoin")).isEqualTo("off");
                }
                each.rollback();
            }
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                assertThat(text(s, "SHOW plan_cache_mode")).isEqualTo("force_custom_plan"); // the pool's sessions are left as they were
                c.rollback();
            }
        }
    }

    /** On empty tables, where a sequential scan is cheapest, the plans the ingest sessions keep find rows by key all the same. */
    @Test
    void theBatchsPlansMadeOnEmptyTablesReadByKey() throws Exception {
        try (Database db = new Database(TestBeacon.emptyPostgresql(), null, null, 3, Duration.ofSeconds(10), null, 1);
             Connection c = db.ingestConnection(); Statement s = c.createStatement()) {
            String read = plan(s, "rd", PostgresBatch.READ);
            assertThat(read).contains("Index Scan on runs_pkey", "Index Scan on installations_pkey", "Index Scan on installation_gaps_pkey");
            String write = plan(s, "wr", PostgresBatch.write(EnumSet.allOf(PostgresBatch.Part.class)));
            assertThat(write).contains("Index Scan using installations_pkey", "Index Scan using runs_pkey",
                    "Index Scan using installation_gaps_pkey", "Nested Loop");
            assertThat(read).contains("ANY (($1)"); // the generic plan, its parameters left open
            for (String p : List.of(read, write)) {
                assertThat(p).doesNotContain("Seq Scan", "Hash Join", "Merge Join");
            }
            c.rollback();
        }
    }

    /** The generic plan of a statement with {@code :name} parameters, its arrays and JSON rows empty. */
    private static String plan(Statement s, String name, String sql) throws Exception {
        Map<String, Integer> numbers = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?<![:\\w]):([a-z_]+)").matcher(sql);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, "\\$" + numbers.computeIfAbsent(m.group(1), k -> numbers.size() + 1));
        }
        m.appendTail(b);
        s.execute("PREPARE " + name + " AS " + b);
        List<String> args = new ArrayList<>();
        numbers.keySet().forEach(k -> args.add(k.equals("runs") || k.equals("uuids") ? "'{}'" : "'[]'")); // arrays of keys, JSON rows
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE " + name + "(" + String.join(", ", args) + ")")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static String text(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
