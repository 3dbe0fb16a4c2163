package dev.telemetry.beacon.store;

import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit: reports stored at once from many threads share transactions, and still each gets its
 * own outcome only once it is committed; replays and older sequences in the same batch change nothing;
 * a report the database refuses fails alone, not the reports batched with it.
 */
class GroupCommitTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;

    private static Report report(UUID uuid, UUID run, long sequence) throws Exception {
        return new ReportParser().parse(Reports.bytes(Reports.valid(uuid, run, sequence)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "postgresql with two ingest threads"})
    void concurrentReportsReplaysAndOlderSequencesGiveExactTotals(String db) throws Exception {
        int installations = 40;
        int sequences = 3;
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        int ingestThreads = db.endsWith("two ingest threads") ? 2 : 1;
        try (Store store = new Store(TestBeacon.emptyDatabase(db.split(" ")[0], tmp), null, null, ingestThreads)) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            ExecutorService replays = Executors.newCachedThreadPool(); // apart: a report's thread waits for its replay
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < installations; i++) {
                    UUID uuid = UUID.randomUUID();
                    UUID run = UUID.randomUUID();
                    work.add(threads.submit(() -> {
                        for (int seq = 1; seq <= sequences; seq++) {
                            Report r = report(uuid, run, seq);
                            // the report and its replay at the same moment, often in one batch
                            Future<Store.Outcome> replay = replays.submit(() -> store.ingest(r, GeoInfo.NONE, NOW));
                            count(store.ingest(r, GeoInfo.NONE, NOW), stored, stale);
                            count(replay.get(30, TimeUnit.SECONDS), stored, stale);
                            if (seq > 1) {
                                assertThat(store.ingest(report(uuid, run, seq - 1), GeoInfo.NONE, NOW)).isEqualTo(Store.Outcome.STALE);
                                stale.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
                replays.shutdownNow();
            }
            store.fold();
            assertThat(stored.get()).isEqualTo(installations * sequences);
            assertThat(stale.get()).isEqualTo(installations * sequences + installations * (sequences - 1));
            try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(one(s, "SELECT COUNT(*) FROM installations")).isEqualTo(installations);
                assertThat(one(s, "SELECT COUNT(*) FROM runs WHERE sequence = " + sequences)).isEqualTo(installations);
                assertThat(one(s, "SELECT SUM(count) FROM daily_commands WHERE command = 'find'")).isEqualTo(installations * 4L * sequences);
                assertThat(one(s, "SELECT SUM(count) FROM daily_results WHERE operator = '$where'")).isEqualTo((long) installations * sequences);
                assertThat(one(s, "SELECT SUM(installations) FROM active_by WHERE dim = 'all'")).isEqualTo(installations);
                assertThat(one(s, "SELECT SUM(installations) FROM gaps_by WHERE app_version = '*' AND operator = '$where'"))
                        .isEqualTo(installations);
                assertThat(one(s, "SELECT COUNT(*) FROM installation_gaps")).isEqualTo(installations);
                c.rollback();
            }
        }
    }

    private static void count(Store.Outcome o, AtomicInteger stored, AtomicInteger stale) {
        (o == Store.Outcome.STORED ? stored : stale).incrementAndGet();
    }

    /**
     * The ingest thread is held on a row lock (PostgreSQL waits for it; H2 would time out), three reports
     * queue up meanwhile and go into one transaction, which the middle one's too long country fails:
     * the other two are then stored on their own, and only the middle one's caller sees the error.
     */
    @Test
    void aReportTheDatabaseRefusesFailsAloneNotTheReportsBatchedWithIt() throws Exception {
        String url = TestBeacon.emptyPostgresql();
        try (Database db = new Database(url, null, null, 4, Duration.ofSeconds(10), null);
             GroupCommit commit = new GroupCommit(new Ingest(db, new FreshAdditions()), db.embedded(), 1)) {
            UUID held = UUID.randomUUID();
            assertThat(commit.ingest(Ingest.Item.of(report(held, UUID.randomUUID(), 1), GeoInfo.NONE, NOW))).isEqualTo(Store.Outcome.STORED);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try (Connection lock = RowLocks.hold(url, held)) {
                Future<Store.Outcome> waiting = threads.submit(() ->
                        commit.ingest(Ingest.Item.of(report(held, UUID.randomUUID(), 1), GeoInfo.NONE, NOW)));
                RowLocks.waitFor(() -> RowLocks.lockWaits(url) == 1); // the ingest thread took it and waits for the lock
                Future<Store.Outcome> good1 = threads.submit(() ->
                        commit.ingest(Ingest.Item.of(report(UUID.randomUUID(), UUID.randomUUID(), 1), GeoInfo.NONE, NOW)));
                RowLocks.waitFor(() -> commit.queued() == 1);
                Future<Store.Outcome> bad = threads.submit(() -> commit.ingest(Ingest.Item.of(report(UUID.randomUUID(), UUID.randomUUID(), 1),
                        new GeoInfo(null, null, "XYZ", null, null), NOW))); // installations.country is VARCHAR(2)
                RowLocks.waitFor(() -> commit.queued() == 2);
                Future<Store.Outcome> good2 = threads.submit(() ->
                        commit.ingest(Ingest.Item.of(report(UUID.randomUUID(), UUID.randomUUID(), 1), GeoInfo.NONE, NOW)));
                RowLocks.waitFor(() -> commit.queued() == 3);
                assertThat(waiting.isDone()).isFalse();
                lock.commit();
                assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThat(good1.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThat(good2.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("22"));
                assertThat(commit.largestBatch()).isEqualTo(3);
            } finally {
                threads.shutdownNow();
            }
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                assertThat(one(s, "SELECT COUNT(*) FROM installations")).isEqualTo(3);
                assertThat(one(s, "SELECT COUNT(*) FROM runs")).isEqualTo(4);
                c.rollback();
            }
        }
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
