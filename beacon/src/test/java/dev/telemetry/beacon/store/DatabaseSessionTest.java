package dev.telemetry.beacon.store;

import dev.telemetry.beacon.TestBeacon;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's PostgreSQL sessions: each plans every statement when it runs
 * ({@code plan_cache_mode = force_custom_plan}, see {@link Database}) for the whole of its life, and
 * whatever its first transaction does. A setting made by a statement at connect time would sit in a
 * transaction (auto-commit is off) that a first rollback (a health check, an empty fold) undoes, and
 * the session would then keep generic plans.
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

    private static String text(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
