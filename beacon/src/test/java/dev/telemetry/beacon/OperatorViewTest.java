package dev.telemetry.beacon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /metrics (Prometheus text) and GET /health, on the embedded database and on PostgreSQL. */
class OperatorViewTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Beacon beacon;

    @AfterEach
    void stop() {
        if (beacon != null) {
            beacon.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + beacon.server().port();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int post(byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(beacon.url())).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The value of one sample, such as {@code beacon_reports_refused_total{reason="malformed"}}. */
    private static double sample(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    @SuppressWarnings("unchecked")
    void metricsCountReportsByOutcomeAndReasonAndShowTheFoldLag(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--rate-limit", "6", "--fold-interval", "1h"); // nothing folds unless asked
        UUID uuid = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        assertThat(post(Reports.bytes(Reports.valid(uuid, run, 1)))).isEqualTo(201);
        assertThat(post(Reports.bytes(Reports.valid(uuid, run, 1)))).isEqualTo(201); // a replay: stale
        assertThat(post("{\"schema_version\": 1, ".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
        Map<String, Object> negative = Reports.valid(uuid, UUID.randomUUID(), 1);
        ((Map<String, Object>) ((Map<String, Object>) negative.get("commands")).get("find")).put("count", -1);
        assertThat(post(Reports.bytes(negative))).isEqualTo(400);
        assertThat(post(new byte[300 * 1024])).isEqualTo(400);
        Map<String, Object> schema = Reports.valid(uuid, UUID.randomUUID(), 1);
        schema.put("schema_version", 99);
        assertThat(post(Reports.bytes(schema))).isEqualTo(400);
        assertThat(post(Reports.bytes(Reports.valid(uuid, UUID.randomUUID(), 1)))).isEqualTo(429);

        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain").contains("version=0.0.4");
        String m = r.body();
        assertThat(sample(m, "beacon_reports_accepted_total{outcome=\"stored\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_accepted_total{outcome=\"stale\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_refused_total{reason=\"malformed\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_refused_total{reason=\"invalid\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_refused_total{reason=\"too_large\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_refused_total{reason=\"schema_version\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_refused_total{reason=\"rate_limited\"}")).isEqualTo(1);
        assertThat(sample(m, "beacon_reports_refused_total{reason=\"error\"}")).isZero();
        assertThat(sample(m, "beacon_ingest_seconds_count")).isEqualTo(2);
        assertThat(m).contains("beacon_ingest_seconds_bucket{le=");
        assertThat(sample(m, "beacon_pending_rows")).isEqualTo(1);
        assertThat(sample(m, "beacon_fold_lag_seconds")).isGreaterThanOrEqualTo(0).isLessThan(60);
        assertThat(sample(m, "hikaricp_connections_max{pool=\"beacon\"}")).isEqualTo(8);
        assertThat(m).contains("hikaricp_connections_active{pool=\"beacon\"}", "hikaricp_connections_pending{pool=\"beacon\"}",
                "jvm_memory_used_bytes{", "jvm_threads_live_threads", "jvm_gc_", "process_uptime_seconds", "system_cpu_count");

        // every beacon_ metric docs/beacon.md lists is there
        Matcher documented = Pattern.compile("`(beacon_[a-z_]+)").matcher(java.nio.file.Files.readString(Path.of("../docs/beacon.md")));
        int names = 0;
        while (documented.find()) {
            assertThat(m).as("documented " + documented.group(1)).contains(documented.group(1));
            names++;
        }
        assertThat(names).isGreaterThanOrEqualTo(8);

        Map<String, Object> health = JSON.readValue(get("/health").body(), Map.class);
        assertThat(health).containsEntry("status", "ok").containsEntry("database", "ok").containsEntry("pending_rows", 1);
        beacon.store().fold();
        health = JSON.readValue(get("/health").body(), Map.class);
        assertThat(health).containsEntry("pending_rows", 0).containsEntry("fold_lag_seconds", 0.0);
    }

    private HttpResponse<String> dashboard(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer t").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    @SuppressWarnings("unchecked")
    void aDashboardReadNeverWritesAndSaysHowFreshItIs(String db) throws Exception {
        beacon = TestBeacon.start(tmp, db, "--admin-token", "t", "--fold-interval", "1h");
        assertThat(post(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1)))).isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            Map<String, Object> d = JSON.readValue(dashboard("/api/dashboard").body(), Map.class);
            assertThat((Map<String, Object>) d.get("freshness")).containsEntry("pending_rows", 1);
            assertThat(((Number) ((Map<String, Object>) d.get("freshness")).get("seconds_behind")).doubleValue()).isBetween(0.0, 60.0);
            assertThat(((Map<String, Object>) d.get("active")).get("day1")).isEqualTo(0); // not folded in, and the read does not fold
        }
        assertThat(dashboard("/").body()).contains("id=\"freshness\">data ", "1 report not folded in yet");
        assertThat(beacon.store().freshness().pendingRows()).isEqualTo(1);
        beacon.store().fold();
        Map<String, Object> d = JSON.readValue(dashboard("/api/dashboard").body(), Map.class);
        assertThat((Map<String, Object>) d.get("freshness")).containsEntry("pending_rows", 0).containsEntry("seconds_behind", 0.0);
        assertThat(((Map<String, Object>) d.get("active")).get("day1")).isEqualTo(1);
        assertThat(dashboard("/").body()).contains("id=\"freshness\">up to date<");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBackgroundFoldBringsTheDashboardUpToDateByItself() throws Exception {
        beacon = TestBeacon.start(tmp, "h2", "--admin-token", "t", "--fold-interval", "50ms");
        for (int i = 0; i < 5; i++) {
            assertThat(post(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1)))).isEqualTo(201);
        }
        Map<String, Object> d = Map.of();
        for (int i = 0; i < 200; i++) { // at most 10 s
            d = JSON.readValue(dashboard("/api/dashboard").body(), Map.class);
            if (((Map<String, Object>) d.get("freshness")).get("pending_rows").equals(0)) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat((Map<String, Object>) d.get("freshness")).containsEntry("pending_rows", 0);
        assertThat(((Map<String, Object>) d.get("active")).get("day1")).isEqualTo(5);
        assertThat(sample(get("/metrics").body(), "beacon_fold_reports_total")).isEqualTo(5);
    }

    @Test
    void healthSaysWhenTheDatabaseStopsAnswering() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", tmp.resolve("h2").toString()).start();
        try {
            beacon = TestBeacon.start(tmp, "h2", "--db", "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/beacon", "--db-timeout", "1s");
            HttpResponse<String> up = get("/health");
            assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
            assertThat(up.body()).contains("\"database\":\"ok\"");
        } finally {
            h2.stop();
        }
        long t0 = System.nanoTime();
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"unavailable\"").doesNotContain("\"database\":\"ok\"");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("bounded by --db-timeout").isLessThan(5_000);
    }
}
