package dev.telemetry.beacon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.beacon.Beacon;
import dev.telemetry.beacon.ReportBuilder;
import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.ReportParser;
import dev.telemetry.beacon.store.Store;
import dev.telemetry.contract.LatencyBuckets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.telemetry.beacon.ReportBuilder.command;
import static dev.telemetry.beacon.ReportBuilder.report;
import static dev.telemetry.beacon.ReportBuilder.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's JSON on a hand-made installed base with known answers, through the real ingest
 * path (cumulative reports, replays, version changes, several days), on H2 and PostgreSQL.
 *
 * <pre>
 * A test-app 1.0.0  today    Java 17, DE, aws   find 51 (run seq 1 then 2, seq 1 replayed), insert 5; $where x3, DuplicateKey x5
 * B test-app 1.0.0  today-3  Java 21, US        find 49, aggregate 2; $where x1, $graphLookup x2
 * C test-app 0.9.0  today-10 Java 11            find 7, insert 8; $where x7, DuplicateKey x1
 * D test-app 0.8.0  today-40 Java 17            find 1; $where x1 (outside 30 days, but first seen)
 * E test-app 0.9.0  today-5, then 1.0.0 today (new run)  find 2 then 1; $where x2 then x1
 * F other-app 2.0.0 today    Java 25            get 7
 * </pre>
 */
class DashboardApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String TOKEN = "s3cret-admin-token";

    @TempDir
    Path tmp;
    private Beacon beacon;
    private LocalDate today;
    private final UUID installationD = UUID.randomUUID();

    @AfterEach
    void stop() {
        if (beacon != null) {
            beacon.close();
        }
    }

    /** A test-app report of this test's kind: Java, telemetry state and backend as the table above gives them. */
    private static ReportBuilder testApp(UUID installation, UUID run, long sequence, String version) {
        return report().installation(installation).run(run).sequence(sequence).app("test-app").version(version);
    }

    private void seed() throws Exception {
        Instant now = Instant.now();
        today = now.atZone(ZoneOffset.UTC).toLocalDate();
        GeoInfo de = new GeoInfo(null, null, "DE", "aws", "eu-west-1");
        GeoInfo us = new GeoInfo(null, null, "US", null, null);
        UUID a = UUID.randomUUID();
        UUID runA = UUID.randomUUID();
        ReportBuilder a1 = testApp(a, runA, 1, "1.0.0").java("17.0.15").telemetry("enabled").backend("memory")
                .with(command("find").inBucket(2, 20).failures(2))
                .with(result("find").ok().times(18))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(2));
        ingest(a1, de, now);
        ReportBuilder a2 = testApp(a, runA, 2, "1.0.0").java("17.0.15").telemetry("enabled").backend("memory")
                .with(command("find").inBucket(2, 50).inBucket(10, 1).failures(3))
                .with(command("insert").inBucket(8, 5).failures(5))
                .with(result("find").ok().times(48))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(3))
                .with(result("insert").error("DuplicateKey", 11000).times(5));
        ingest(a2, de, now);
        assertThat(ingest(a1, de, now)).isEqualTo(Store.Outcome.STALE); // replayed: changes nothing

        ReportBuilder b = testApp(UUID.randomUUID(), UUID.randomUUID(), 1, "1.0.0").java("21.0.1").telemetry("undecided").backend("h2")
                .with(command("find").inBucket(4, 45).inBucket(6, 4).failures(1))
                .with(command("aggregate").inBucket(12, 2).failures(2))
                .with(result("find").ok().times(48))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(1))
                .with(result("aggregate").operator("$graphLookup").error("NotImplemented", 238).times(2));
        ingest(b, us, now.minus(Duration.ofDays(3)));

        ReportBuilder c = testApp(UUID.randomUUID(), UUID.randomUUID(), 1, "0.9.0").java("11.0.2").telemetry("enabled").backend("memory")
                .with(command("find").inBucket(3, 7).failures(7))
                .with(command("insert").inBucket(9, 8).failures(1))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(7))
                .with(result("insert").ok().times(7))
                .with(result("insert").error("DuplicateKey", 11000).times(1));
        ingest(c, GeoInfo.NONE, now.minus(Duration.ofDays(10)));

        ingest(installationDOnce(), GeoInfo.NONE, now.minus(Duration.ofDays(40)));

        UUID e = UUID.randomUUID();
        ReportBuilder e1 = testApp(e, UUID.randomUUID(), 1, "0.9.0").java("17.0.9").telemetry("enabled").backend("memory")
                .with(command("find").inBucket(3, 2).failures(2))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(2));
        ingest(e1, GeoInfo.NONE, now.minus(Duration.ofDays(5)));
        ReportBuilder e2 = testApp(e, UUID.randomUUID(), 1, "1.0.0").java("17.0.9").telemetry("enabled").backend("memory")
                .with(command("find").inBucket(3, 1).failures(1))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(1));
        ingest(e2, GeoInfo.NONE, now);

        ReportBuilder f = report().app("other-app").version("2.0.0").java("25").telemetry("enabled").backend("memory")
                .with(command("get").inBucket(5, 7))
                .with(result("get").ok().times(7));
        ingest(f, GeoInfo.NONE, now);
    }

    /** D's one report, a new run of test-app 0.8.0: find once, failing with $where. */
    private ReportBuilder installationDOnce() {
        return testApp(installationD, UUID.randomUUID(), 1, "0.8.0").java("17.0.1").telemetry("enabled").backend("memory")
                .with(command("find").inBucket(1, 1).failures(1))
                .with(result("find").operator("$where").error("NotImplemented", 238).times(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void answersWithKnownCountsRankingsAndMergedPercentiles(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--admin-token", TOKEN);
        seed();

        JsonNode all = api("");
        assertThat(all.at("/filter/days").asInt()).isEqualTo(30);
        assertThat(all.get("apps")).extracting(JsonNode::asText).containsExactly("other-app", "test-app");
        assertThat(active(all)).containsExactly(3L, 4L, 5L, 5L);
        Map<LocalDate, Long> trend = trend(all);
        assertThat(trend).hasSize(30);
        assertThat(trend.get(today)).isEqualTo(3);
        assertThat(trend.get(today.minusDays(3))).isEqualTo(1);
        assertThat(trend.get(today.minusDays(5))).isEqualTo(1);
        assertThat(trend.get(today.minusDays(10))).isEqualTo(1);
        assertThat(trend.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);

        assertThat(rows(all.get("version_shares"), "app", "version", "installations", "status")).containsExactly(
                "test-app 1.0.0 3 up to date", "other-app 2.0.0 1 unknown", "test-app 0.9.0 1 behind");
        assertThat(rows(all.at("/breakdowns/java"), "value", "installations")).containsExactly("17 2", "11 1", "21 1", "25 1");
        assertThat(rows(all.at("/breakdowns/country"), "value", "installations")).containsExactly("unknown 3", "DE 1", "US 1");
        assertThat(rows(all.at("/breakdowns/cloud"), "value", "installations")).containsExactly("none 4", "aws/eu-west-1 1");
        assertThat(rows(all.at("/breakdowns/telemetry"), "value", "installations")).containsExactly("enabled 4", "undecided 1");
        assertThat(rows(all.at("/breakdowns/backend"), "value", "installations")).containsExactly("memory 4", "h2 1");

        // unsupported first; E hit $where under two versions and counts once
        assertThat(rows(all.get("gaps"), "command", "operator", "error", "code", "kind", "installations", "count", "first_day", "last_day"))
                .containsExactly(
                        "find $where NotImplemented 238 unsupported 4 14 " + today.minusDays(40) + " " + today,
                        "aggregate $graphLookup NotImplemented 238 unsupported 1 2 " + today.minusDays(3) + " " + today.minusDays(3),
                        "insert unknown DuplicateKey 11000 error 2 6 " + today.minusDays(10) + " " + today);

        // find's merged buckets: <4 µs 50, [4,8) 10, [8,16) 45, [32,64) 4, [512,1024) 1 (110 in all);
        // the percentiles of the merge, not the average of each installation's
        assertThat(rows(all.get("commands"), "command", "count", "failures", "mean_micros", "p50_micros", "p95_micros", "p99_micros"))
                .containsExactly("find 110 14 100 8 16 64", "insert 13 6 100 512 512 512",
                        "get 7 0 100 32 32 32", "aggregate 2 2 100 4096 4096 4096");

        JsonNode week = api("?days=7");
        assertThat(active(week)).containsExactly(3L, 4L, 5L, 4L);
        assertThat(rows(week.get("gaps"), "command", "operator", "installations", "count", "first_day"))
                .containsExactly("find $where 3 7 " + today.minusDays(40), "aggregate $graphLookup 1 2 " + today.minusDays(3),
                        "insert unknown 1 5 " + today.minusDays(10)); // first seen: the kept history, not the period

        JsonNode quarter = api("?days=90");
        assertThat(active(quarter)).containsExactly(3L, 4L, 5L, 6L);
        assertThat(rows(quarter.get("version_shares"), "version", "installations", "status"))
                .contains("0.8.0 1 behind");

        JsonNode old = api("?app=test-app&version=0.9.0");
        assertThat(old.get("versions")).extracting(JsonNode::asText).containsExactly("1.0.0", "0.9.0", "0.8.0");
        assertThat(active(old)).containsExactly(0L, 0L, 1L, 1L); // E runs 1.0.0 now
        assertThat(trend(old).get(today.minusDays(5))).isEqualTo(1);
        assertThat(trend(old).get(today)).isZero();
        assertThat(rows(old.get("gaps"), "command", "operator", "error", "installations", "count"))
                .containsExactly("find $where NotImplemented 2 9", "insert unknown DuplicateKey 1 1");
        assertThat(rows(old.get("commands"), "command", "count")).containsExactly("find 9", "insert 8");

        JsonNode testApp = api("?app=test-app");
        assertThat(active(testApp)).containsExactly(2L, 3L, 4L, 4L);
        assertThat(rows(testApp.get("commands"), "command")).doesNotContain("get");

        // retention: D (40 days) goes, with its gap; when it reports again it is counted afresh, never negative
        beacon.store().deleteRunsBefore(Instant.now().minus(Duration.ofDays(20)));
        assertThat(active(api("?days=90"))).containsExactly(3L, 4L, 5L, 5L);
        assertThat(count("SELECT COUNT(*) FROM installation_gaps WHERE uuid = '" + installationD + "'")).isZero();
        ingest(installationDOnce(), GeoInfo.NONE, Instant.now());
        assertThat(active(api("?days=90"))).containsExactly(4L, 5L, 6L, 6L);
        assertThat(rows(api("?days=1").get("gaps"), "operator", "installations")).containsExactly("$where 3", "unknown 1"); // A, E, D; A
        assertThat(count("SELECT COUNT(*) FROM active_by WHERE installations < 0")
                + count("SELECT COUNT(*) FROM gaps_by WHERE installations < 0")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void negativeCodesMinusOneAndNoCodeAreThreeGaps(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--admin-token", TOKEN);
        today = LocalDate.now(ZoneOffset.UTC);
        ReportBuilder r = report().app("zookeeper").version("3.9.5").java("17").telemetry("enabled").backend("unknown")
                .with(command("getData").inBucket(3, 4).failures(3))
                .with(result("getData").ok().times(1))
                .with(result("getData").error("NONODE", -101).times(1))      // ZooKeeper's codes are negative
                .with(result("getData").error("SYSTEMERROR", -1).times(1))   // and -1 is one of them
                .with(result("getData").error("IllegalStateException").times(1)); // no code at all
        ingest(r, GeoInfo.NONE, Instant.now());
        assertThat(rows(api("").get("gaps"), "command", "error", "code", "count")).containsExactlyInAnyOrder(
                "getData NONODE -101 1", "getData SYSTEMERROR -1 1", "getData IllegalStateException null 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theLongestRuntimeNamesTheParserAcceptsAreStored(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--admin-token", TOKEN);
        today = LocalDate.now(ZoneOffset.UTC);
        ReportBuilder r = report().app("test-app").version("1.0.0").telemetry("enabled").backend("memory")
                .java("1".repeat(128)).os("o".repeat(128)).arch("a".repeat(128)).javaVendor("v".repeat(128));
        ingest(r, GeoInfo.NONE, Instant.now());
        JsonNode d = api("");
        assertThat(active(d)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(d.at("/breakdowns/os_arch/0/value").asText()).hasSize(128).startsWith("o".repeat(128));
        assertThat(d.at("/breakdowns/java/0/value").asText()).isEqualTo("1".repeat(128));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void sumsStopAtTheirCapAndAnUnreadablePendingRowIsDropped(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--admin-token", TOKEN);
        today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < 130; i++) {
            ReportBuilder r = report().app("test-app").version("1.0.0").java("17").telemetry("enabled").backend("memory")
                    .with(command("huge").inBucket(LatencyBuckets.LAST, 1)
                            .totalMicros(ReportParser.MAX_MICROS)); // 130 of them pass a long's range
            assertThat(ingest(r, GeoInfo.NONE, Instant.now())).isEqualTo(Store.Outcome.STORED);
            if (i == 70) {
                api(""); // folds first: the rest adds to a stored row, in SQL
            }
        }
        try (Connection c = beacon.store().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO pending_changes (body) VALUES ('0\tnot-a-day\ttest-app\t1.0.0\tall\t\t1')");
            c.commit();
        }
        ingest(report().app("test-app").version("1.0.0").java("17").telemetry("enabled").backend("memory")
                .with(command("afterwards").inBucket(3, 5)), GeoInfo.NONE, Instant.now());

        JsonNode d = api("");
        assertThat(rows(d.get("commands"), "command", "count", "mean_micros", "p50_micros"))
                .containsExactly("huge 130 " + Long.MAX_VALUE / 130 + " " + Long.MAX_VALUE, "afterwards 5 100 8");
        assertThat(active(d)).containsExactly(131L, 131L, 131L, 131L);
        assertThat(count("SELECT COUNT(*) FROM pending_changes")).isZero();
    }

    @Test
    void theJvmsTimeZoneDoesNotMoveAnInstallationToAnotherDay() throws Exception {
        beacon = TestBeacon.start(tmp, "h2", "--admin-token", TOKEN);
        today = LocalDate.now(ZoneOffset.UTC);
        Instant halfPastMidnight = today.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(30));
        UUID uuid = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        java.util.TimeZone original = java.util.TimeZone.getDefault();
        try {
            // 00:30 UTC is the evening before in Los Angeles
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/Los_Angeles"));
            ingest(Reports.valid(uuid, run, 1), GeoInfo.NONE, halfPastMidnight);
        } finally {
            java.util.TimeZone.setDefault(original);
        }
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
        try {
            ingest(Reports.valid(uuid, run, 2), GeoInfo.NONE, halfPastMidnight.plus(Duration.ofMinutes(15)));
        } finally {
            java.util.TimeZone.setDefault(original);
        }
        JsonNode d = api("");
        assertThat(active(d)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(trend(d).get(today)).isEqualTo(1);
        assertThat(trend(d).get(today.minusDays(1))).isZero();
        assertThat(count("SELECT COUNT(*) FROM active_by WHERE installations <> 0 AND last_day <> CURRENT_DATE")
                + count("SELECT COUNT(*) FROM active_by WHERE installations < 0")).isZero();
    }

    @Test
    void theJsonHasExactlyTheFieldsDocsBeaconMdDescribes() throws Exception {
        beacon = TestBeacon.start(tmp, "h2", "--admin-token", TOKEN);
        seed();
        String doc = java.nio.file.Files.readString(Path.of("../docs/beacon.md"));
        String section = doc.substring(doc.indexOf("### `/api/dashboard`"));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        for (String line : section.split("\n")) {
            if (line.startsWith("| `")) {
                for (String field : line.substring(2, line.indexOf(" |", 2)).split(", ")) {
                    documented.add(field.replace("`", ""));
                }
            }
        }
        java.util.Set<String> actual = new java.util.TreeSet<>();
        fields(api(""), "", actual);
        assertThat(actual).isEqualTo(documented);
    }

    /** Leaf paths as the doc writes them: arrays of objects as {@code name[].field}, breakdowns' keys as {@code <dim>}. */
    private static void fields(JsonNode n, String path, java.util.Set<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> fields(e.getValue(),
                    (path.isEmpty() ? "" : path + ".") + (path.equals("breakdowns") ? "<dim>" : e.getKey()), out));
        } else if (n.isArray() && n.size() > 0 && n.get(0).isObject()) {
            n.forEach(e -> fields(e, path + "[]", out));
        } else {
            out.add(path);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void concurrentFirstReportsAreEachCountedOnce(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--admin-token", TOKEN, "--rate-limit", "0");
        int threads = 8;
        int each = 10;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> posts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                posts.add(pool.submit(() -> {
                    int created = 0;
                    for (int i = 0; i < each; i++) {
                        // every report adds to the same day's rows: the first inserts race, the rest update
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(beacon.url()))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1))))
                                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                        created += r.statusCode() == 201 ? 1 : 0;
                    }
                    return created;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : posts) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(each);
            }
        } finally {
            pool.shutdownNow();
        }
        long n = (long) threads * each;
        JsonNode d = api("");
        assertThat(active(d)).containsExactly(n, n, n, n);
        assertThat(rows(d.get("gaps"), "operator", "error", "installations", "count"))
                .containsExactly("$where BadValue " + n + " " + n, "unknown DuplicateKey " + n + " " + n);
        assertThat(rows(d.get("commands"), "command", "count")).containsExactly("find " + 4 * n, "insert " + 3 * n);

        // one more installation whose runs all report for the first time at once: it races itself
        UUID shared = UUID.randomUUID();
        java.util.concurrent.ExecutorService same = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Store.Outcome>> runs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                runs.add(same.submit(() -> ingest(Reports.valid(shared, UUID.randomUUID(), 1), GeoInfo.NONE, Instant.now())));
            }
            for (java.util.concurrent.Future<Store.Outcome> f : runs) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Store.Outcome.STORED);
            }
        } finally {
            same.shutdownNow();
        }
        d = api("");
        assertThat(active(d)).containsExactly(n + 1, n + 1, n + 1, n + 1);
        assertThat(rows(d.get("gaps"), "operator", "installations", "count"))
                .containsExactly("$where " + (n + 1) + " " + (n + threads), "unknown " + (n + 1) + " " + (n + threads));
        assertThat(trend(d).get(LocalDate.now(ZoneOffset.UTC))).isEqualTo(n + 1);
    }

    @Test
    void withoutTheTokenThereIsNoData() throws Exception {
        beacon = TestBeacon.start(tmp, "h2", "--admin-token", TOKEN);
        seed();
        beacon.store().fold(); // the page below reads what the background fold put in; here at once
        String base = "http://127.0.0.1:" + beacon.server().port();
        for (String header : new String[]{null, "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN}) {
            for (String path : new String[]{"/", "/api/dashboard", "/api/dashboard?days=7"}) {
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path));
                if (header != null) {
                    r.header("Authorization", header);
                }
                HttpResponse<String> res = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(path + " " + header).isEqualTo(401);
                assertThat(res.body()).doesNotContain("$where", "find", "test-app", "installations\"");
            }
        }
        HttpResponse<String> wrongCookie = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .header("Cookie", AdminAuth.COOKIE + "=" + "0".repeat(64)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongCookie.statusCode()).isEqualTo(401);

        // the login form: a wrong token gets 401, the right one a cookie that opens the page
        assertThat(login(base, "nope").statusCode()).isEqualTo(401);
        HttpResponse<String> ok = login(base, TOKEN);
        assertThat(ok.statusCode()).isEqualTo(303);
        String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(TOKEN);
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/?days=7"))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<svg id=\"trend\"", "<td>$where</td>", "id=\"active-7\">4<");
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/dashboard?days=365"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("days: one of [1, 7, 30, 90]");
    }

    @Test
    void withoutAConfiguredTokenTheDashboardIsOff() throws Exception {
        beacon = TestBeacon.start(tmp, "h2");
        seed();
        for (String path : new String[]{"/", "/api/dashboard"}) {
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + beacon.server().port() + path))
                    .header("Authorization", "Bearer ").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(404);
            assertThat(res.body()).contains("--admin-token").doesNotContain("$where");
        }
    }

    private HttpResponse<String> login(String base, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The dashboard after a fold: the beacon folds in the background, a read never does; this reads what every stored report made. */
    private JsonNode api(String query) throws Exception {
        beacon.store().fold();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + beacon.server().port() + "/api/dashboard" + query))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<Long> active(JsonNode d) {
        JsonNode a = d.get("active");
        return List.of(a.get("day1").asLong(), a.get("days7").asLong(), a.get("days30").asLong(), a.get("period").asLong());
    }

    private static Map<LocalDate, Long> trend(JsonNode d) {
        Map<LocalDate, Long> out = new LinkedHashMap<>();
        d.get("trend").forEach(n -> out.put(LocalDate.parse(n.get("day").asText()), n.get("installations").asLong()));
        return out;
    }

    /** Each row as its fields joined by spaces. */
    private static List<String> rows(JsonNode array, String... fields) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            List<String> parts = new ArrayList<>();
            for (String f : fields) {
                parts.add(n.get(f).asText());
            }
            out.add(String.join(" ", parts));
        }
        return out;
    }

    private long count(String sql) throws Exception {
        try (Connection c = beacon.store().dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            c.rollback();
            return n;
        }
    }

    private Store.Outcome ingest(ReportBuilder report, GeoInfo geo, Instant at) throws Exception {
        return beacon.store().ingest(report.parsed(), geo, at);
    }

    private Store.Outcome ingest(Map<String, Object> report, GeoInfo geo, Instant at) throws Exception {
        return beacon.store().ingest(new ReportParser().parse(Reports.bytes(report)), geo, at);
    }
}
