package dev.telemetry.beacon;

import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three beacons on one PostgreSQL database, as behind a load balancer, under concurrent load: each
 * run's successive sequences land on different beacons, every report is also replayed to another
 * beacon at the same moment (a race between two beacons over one run) and an older sequence is sent
 * after a newer one; all three fold every 50 ms and run retention meanwhile. The totals are exactly
 * what was sent, nothing is counted twice, nothing fails, nothing deadlocks.
 */
class FleetTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int INSTALLATIONS = 24;
    private static final int RUNS = 2;
    private static final int SEQUENCES = 4;

    @TempDir
    Path tmp;
    private final List<Beacon> fleet = new ArrayList<>();

    @AfterEach
    void stop() {
        fleet.forEach(Beacon::close);
    }

    private static int post(Beacon b, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(b.url())).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** With one ingest thread per beacon, and with two (two transactions in flight per beacon, six in the fleet). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void threeBeaconsOnOnePostgresqlCountExactlyWhatWasSent(int ingestThreads) throws Exception {
        String[] opts = {"--rate-limit", "0", "--fold-interval", "50ms", "--admin-token", "t", "--ingest-threads", String.valueOf(ingestThreads)};
        fleet.add(TestBeacon.start(tmp, "postgresql", opts));
        fleet.add(TestBeacon.another(tmp, "b", opts));
        fleet.add(TestBeacon.another(tmp, "c", opts));

        // old data for retention to delete meanwhile: 40 days ago, through the first beacon's store
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        for (int i = 0; i < 5; i++) {
            fleet.get(0).store().ingest(new ReportParser().parse(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1))),
                    GeoInfo.NONE, longAgo);
        }

        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(12);
        ExecutorService replays = Executors.newCachedThreadPool(); // apart: a client waits for its replay
        ExecutorService retention = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < INSTALLATIONS; i++) {
                int inst = i;
                UUID uuid = UUID.randomUUID();
                for (int r = 0; r < RUNS; r++) {
                    UUID run = UUID.randomUUID();
                    int offset = inst + r;
                    work.add(clients.submit(() -> {
                        for (int seq = 1; seq <= SEQUENCES; seq++) {
                            byte[] body = Reports.bytes(Reports.valid(uuid, run, seq));
                            Beacon here = fleet.get((offset + seq) % 3);      // successive sequences: different beacons
                            Beacon there = fleet.get((offset + seq + 1) % 3); // the same report replayed at once elsewhere
                            Future<Integer> replay = replays.submit(() -> post(there, body));
                            assertThat(post(here, body)).isEqualTo(201);
                            assertThat(replay.get(60, TimeUnit.SECONDS)).isEqualTo(201);
                            sent.addAndGet(2);
                            if (seq > 1) { // an older sequence, late: changes nothing
                                assertThat(post(fleet.get(offset % 3), Reports.bytes(Reports.valid(uuid, run, seq - 1)))).isEqualTo(201);
                                sent.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Beacon b : fleet) { // retention on every beacon at once, during the load
                work.add(retention.submit(() -> b.store().deleteRunsBefore(Instant.now().minus(Duration.ofDays(20)))));
            }
            for (Future<?> f : work) {
                f.get(180, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
            replays.shutdownNow();
            retention.shutdownNow();
        }

        // every beacon's background fold drains the pending rows; one more fold on each at once changes nothing
        waitForNoPending();
        List<Future<Integer>> folds = new ArrayList<>();
        ExecutorService folders = Executors.newFixedThreadPool(3);
        try {
            for (Beacon b : fleet) {
                folds.add(folders.submit(() -> b.store().fold()));
            }
            for (Future<Integer> f : folds) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            folders.shutdownNow();
        }

        long runs = (long) INSTALLATIONS * RUNS;
        try (Connection c = fleet.get(1).store().dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT COUNT(*) FROM installations")).isEqualTo(INSTALLATIONS); // the 5 old ones went
            assertThat(one(s, "SELECT COUNT(*) FROM runs")).isEqualTo(runs);
            assertThat(one(s, "SELECT COUNT(*) FROM runs WHERE sequence <> " + SEQUENCES)).isZero();
            assertThat(one(s, "SELECT SUM(count) FROM daily_commands WHERE command = 'find'")).isEqualTo(runs * 4 * SEQUENCES);
            assertThat(one(s, "SELECT SUM(failures) FROM daily_commands WHERE command = 'find'")).isEqualTo(runs * SEQUENCES);
            assertThat(one(s, "SELECT SUM(count) FROM daily_commands WHERE command = 'insert'")).isEqualTo(runs * 3);
            assertThat(one(s, "SELECT SUM(b02) + SUM(b03) FROM daily_commands WHERE command = 'find'")).isEqualTo(runs * 4 * SEQUENCES);
            assertThat(one(s, "SELECT SUM(count) FROM daily_results WHERE operator = '$where'")).isEqualTo(runs * SEQUENCES);
            assertThat(one(s, "SELECT SUM(count) FROM daily_results WHERE result = 'DuplicateKey'")).isEqualTo(runs);
            assertThat(one(s, "SELECT SUM(installations) FROM daily_active WHERE app_version = '*'")).isEqualTo(INSTALLATIONS);
            assertThat(one(s, "SELECT SUM(installations) FROM active_by WHERE dim = 'all'")).isEqualTo(INSTALLATIONS);
            assertThat(one(s, "SELECT SUM(installations) FROM gaps_by WHERE app_version = '*' AND operator = '$where'")).isEqualTo(INSTALLATIONS);
            assertThat(one(s, "SELECT COUNT(*) FROM active_by WHERE installations < 0")
                    + one(s, "SELECT COUNT(*) FROM gaps_by WHERE installations < 0")).isZero();
            assertThat(one(s, "SELECT COUNT(*) FROM pending_changes")).isZero();
            c.rollback();
        }
        // each report was stored once, by whichever beacon took it first; every other copy was stale
        long stored = 0;
        long stale = 0;
        long errors = 0;
        for (Beacon b : fleet) {
            String m = b.metrics().scrape();
            stored += (long) sample(m, "beacon_reports_accepted_total{outcome=\"stored\"}");
            stale += (long) sample(m, "beacon_reports_accepted_total{outcome=\"stale\"}");
            errors += (long) sample(m, "beacon_reports_refused_total{reason=\"error\"}") + (long) sample(m, "beacon_fold_failures_total");
        }
        assertThat(stored).isEqualTo(runs * SEQUENCES); // the 5 old ones went through the store, not HTTP
        assertThat(stored + stale).isEqualTo(sent.get());
        assertThat(errors).isZero();
    }

    private void waitForNoPending() throws Exception {
        for (int i = 0; i < 600 && fleet.get(2).store().freshness().pendingRows() > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(fleet.get(2).store().freshness().pendingRows()).isZero();
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double sample(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
