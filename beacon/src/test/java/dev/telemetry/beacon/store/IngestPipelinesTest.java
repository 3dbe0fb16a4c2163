package dev.telemetry.beacon.store;

import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.telemetry.beacon.store.RowLocks.count;
import static dev.telemetry.beacon.store.RowLocks.lockWaits;
import static dev.telemetry.beacon.store.RowLocks.waitFor;

/**
 * Two ingest threads on PostgreSQL (--ingest-threads 2): two batches in flight at
 * once, each answered only after its own commit; a batch the database refuses fails only its own
 * reports; closing finishes both batches in flight. The ingest threads are held on row locks that a
 * connection of the test takes, so what is in flight is known, not timed.
 */
class IngestPipelinesTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;

    private static Ingest.Item item(UUID uuid, GeoInfo geo) throws Exception {
        Report r = new ReportParser().parse(Reports.bytes(Reports.valid(uuid, UUID.randomUUID(), 1)));
        return Ingest.Item.of(r, geo, NOW);
    }

    private static Ingest.Item item(UUID uuid) throws Exception {
        return item(uuid, GeoInfo.NONE);
    }

    @Test
    void postgresqlTakesTheIngestThreadsAskedForAndTheEmbeddedDatabaseOne() throws Exception {
        try (Database pg = new Database(TestBeacon.emptyPostgresql(), null, null, 4, Duration.ofSeconds(10), null);
             GroupCommit commit = GroupCommit.of(new Ingest(pg, new FreshAdditions()), pg, 2)) {
            assertThat(commit.pipelines()).isEqualTo(2);
        }
        try (Database h2 = new Database(TestBeacon.emptyDatabase("h2", tmp), null, null, 4, Duration.ofSeconds(10), null)) {
            assertThatThrownBy(() -> GroupCommit.of(new Ingest(h2, new FreshAdditions()), h2, 2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one ingest thread");
            try (GroupCommit commit = GroupCommit.of(new Ingest(h2, new FreshAdditions()), h2, 1)) {
                assertThat(commit.pipelines()).isEqualTo(1);
            }
        }
    }

    /**
     * One ingest thread waits on a row lock with its batch uncommitted: the other stores and answers
     * reports meanwhile, and the waiting report is answered only once its batch has committed.
     */
    @Test
    void whileOneBatchWaitsTheOtherIsStoredAndEachIsAnsweredAfterItsOwnCommit() throws Exception {
        String url = TestBeacon.emptyPostgresql();
        try (Database db = new Database(url, null, null, 4, Duration.ofSeconds(10), null);
             GroupCommit commit = GroupCommit.of(new Ingest(db, new FreshAdditions()), db, 2)) {
            UUID held = UUID.randomUUID();
            assertThat(commit.ingest(item(held))).isEqualTo(Store.Outcome.STORED);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try (Connection lock = RowLocks.hold(url, held)) {
                Ingest.Item waitingItem = item(held);
                Future<Store.Outcome> waiting = threads.submit(() -> commit.ingest(waitingItem));
                waitFor(() -> lockWaits(url) == 1);
                for (int i = 0; i < 3; i++) { // the other ingest thread, one after another
                    Future<Store.Outcome> other = threads.submit(() -> commit.ingest(item(UUID.randomUUID())));
                    assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                }
                assertThat(count(url, "SELECT COUNT(*) FROM installations")).isEqualTo(4);
                // the waiting report is not answered, and its run is not committed
                assertThat(waiting.isDone()).isFalse();
                assertThat(count(url, "SELECT COUNT(*) FROM runs WHERE run_id = '" + waitingItem.report().runId() + "'")).isZero();
                lock.commit();
                assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThat(count(url, "SELECT COUNT(*) FROM runs WHERE run_id = '" + waitingItem.report().runId() + "'")).isEqualTo(1);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /**
     * Both ingest threads wait on row locks; three reports queue meanwhile, the middle one too long for a
     * column. The first thread let go takes the three as one batch, which fails: the two good ones are then
     * stored on their own and only the bad one's caller sees the error (a 500); the other thread's batch,
     * still waiting, is untouched and stored once let go.
     */
    @Test
    void aRefusedBatchFailsOnlyItsOwnReportsAndLeavesTheOtherThreadsBatchAlone() throws Exception {
        String url = TestBeacon.emptyPostgresql();
        try (Database db = new Database(url, null, null, 4, Duration.ofSeconds(10), null);
             GroupCommit commit = GroupCommit.of(new Ingest(db, new FreshAdditions()), db, 2)) {
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try (BothHeld held = BothHeld.on(url, commit, threads)) {
                Future<Store.Outcome> good1 = threads.submit(() -> commit.ingest(item(UUID.randomUUID())));
                waitFor(() -> commit.queued() == 1);
                Future<Store.Outcome> bad = threads.submit(() -> commit.ingest(item(UUID.randomUUID(),
                        new GeoInfo(null, null, "XYZ", null, null)))); // installations.country is VARCHAR(2)
                waitFor(() -> commit.queued() == 2);
                Future<Store.Outcome> good2 = threads.submit(() -> commit.ingest(item(UUID.randomUUID())));
                waitFor(() -> commit.queued() == 3);
                held.lock1().commit();
                assertThat(held.waiting1().get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThat(good1.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThat(good2.get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).startsWith("22"));
                assertThat(commit.largestBatch()).isEqualTo(3);
                assertThat(held.waiting2().isDone()).isFalse();
                held.lock2().commit();
                assertThat(held.waiting2().get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
            } finally {
                threads.shutdownNow();
            }
            assertThat(count(url, "SELECT COUNT(*) FROM installations")).isEqualTo(4);
            assertThat(count(url, "SELECT COUNT(*) FROM runs")).isEqualTo(6);
        }
    }

    /** Closing while both ingest threads hold a batch: close returns only once both are committed, and both are answered; what is still queued fails. */
    @Test
    void closingFinishesTheBatchesOfBothThreads() throws Exception {
        String url = TestBeacon.emptyPostgresql();
        try (Database db = new Database(url, null, null, 4, Duration.ofSeconds(10), null)) {
            GroupCommit commit = GroupCommit.of(new Ingest(db, new FreshAdditions()), db, 2);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try (BothHeld held = BothHeld.on(url, commit, threads)) {
                Future<Store.Outcome> queued = threads.submit(() -> commit.ingest(item(UUID.randomUUID())));
                waitFor(() -> commit.queued() == 1);
                Thread closer = new Thread(commit::close);
                closer.start();
                waitFor(() -> closer.getState() == Thread.State.TIMED_WAITING); // joining the ingest threads
                closer.join(300);
                assertThat(closer.isAlive()).isTrue(); // it waits for the two batches in flight
                held.lock1().commit();
                closer.join(300);
                assertThat(closer.isAlive()).isTrue(); // and for the second
                held.lock2().commit();
                closer.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(closer.isAlive()).isFalse();
                assertThat(held.waiting1().get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThat(held.waiting2().get(30, TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
                assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS)).cause().isInstanceOf(SQLException.class)
                        .hasMessageContaining("closed");
                assertThatThrownBy(() -> commit.ingest(item(UUID.randomUUID()))).isInstanceOf(SQLException.class)
                        .hasMessageContaining("closed");
            } finally {
                threads.shutdownNow();
            }
            assertThat(count(url, "SELECT COUNT(*) FROM runs")).isEqualTo(4);
        }
    }

    /** Both ingest threads held, each on a report of an installation whose row the test has locked. */
    private record BothHeld(Connection lock1, Connection lock2, Future<Store.Outcome> waiting1, Future<Store.Outcome> waiting2)
            implements AutoCloseable {
        static BothHeld on(String url, GroupCommit commit, ExecutorService threads) throws Exception {
            UUID held1 = UUID.randomUUID();
            UUID held2 = UUID.randomUUID();
            commit.ingest(item(held1));
            commit.ingest(item(held2));
            Connection lock1 = RowLocks.hold(url, held1);
            Connection lock2 = RowLocks.hold(url, held2);
            Future<Store.Outcome> waiting1 = threads.submit(() -> commit.ingest(item(held1)));
            waitFor(() -> lockWaits(url) == 1);
            Future<Store.Outcome> waiting2 = threads.submit(() -> commit.ingest(item(held2)));
            waitFor(() -> lockWaits(url) == 2);
            return new BothHeld(lock1, lock2, waiting1, waiting2);
        }

        @Override
        public void close() throws SQLException {
            lock1.close();
            lock2.close();
        }
    }
}
