package dev.telemetry.beacon;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The beacon over real HTTP on 127.0.0.1, on the embedded database and on a real PostgreSQL server
 * (the one .ci/run starts; under CI it is never skipped).
 */
class BeaconServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private Beacon beacon;

    @AfterEach
    void stop() {
        if (beacon != null) {
            beacon.close();
        }
    }

    private Beacon start(String db, String... more) throws Exception {
        beacon = TestBeacon.start(tmp, db, more);
        return beacon;
    }

    private HttpResponse<String> post(byte[] body, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(beacon.url())).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json; charset=utf-8");
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every row of every table, as text: what "nothing changed" and "no address stored" are checked on. */
    private String dump() throws Exception {
        beacon.store().fold(); // else the background fold could move rows between two dumps
        StringBuilder out = new StringBuilder();
        try (Connection c = beacon.store().dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("installations", "runs", "active_by", "daily_active",
                    "daily_commands", "daily_results", "installation_gaps", "gaps_by", "pending_changes")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        out.append(table).append(':');
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            out.append(rs.getString(i)).append('|');
                        }
                        out.append('\n');
                    }
                }
            }
            c.rollback();
        }
        return out.toString();
    }

    private long count(String sql) throws Exception {
        try (Connection c = beacon.store().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            c.rollback();
            return n;
        }
    }

    /** A run's stored metrics (runs.metrics). */
    private com.fasterxml.jackson.databind.JsonNode metrics(UUID run) throws Exception {
        try (Connection c = beacon.store().dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT metrics FROM runs WHERE run_id = '" + run + "'")) {
            assertThat(rs.next()).isTrue();
            String json = rs.getString(1);
            c.rollback();
            return JSON.readTree(json);
        }
    }

    /** The counts of a run's stored result rows with that code (and operator, unless null). */
    private List<Long> results(UUID run, String operator, int code) throws Exception {
        List<Long> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode r : metrics(run).get("results")) {
            int stored = r.get("code").isNull() ? dev.telemetry.beacon.ingest.Report.NO_CODE : r.get("code").asInt();
            if (stored == code && (operator == null || r.get("operator").asText().equals(operator))) {
                out.add(r.get("count").asLong());
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void storesAReportAndAnswersWithTheLatestVersion(String db) throws Exception {
        start(db);
        UUID uuid = UUID.randomUUID();
        UUID run = UUID.randomUUID();
        HttpResponse<String> r = post(Reports.bytes(Reports.valid(uuid, run, 1)), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> reply = JSON.readValue(r.body(), Map.class);
        assertThat(reply).containsEntry("latest_version", "1.0.0").containsEntry("update_available", true)
                .containsEntry("security_update", false);
        assertThat((String) reply.get("update_info")).contains("https://example.com/notes");
        assertThat(count("SELECT COUNT(*) FROM installations WHERE uuid = '" + uuid + "' AND app_name = 'test-app'"
                + " AND build_tags = 'enterprise' AND telemetry = 'enabled'")).isEqualTo(1);
        // the run's metrics: one compact row (runs.metrics), every field named
        assertThat(metrics(run).at("/commands/find/count").asLong()).isEqualTo(4);
        assertThat(results(run, "$where", 2)).containsExactly(1L);
        assertThat(results(run, null, dev.telemetry.beacon.ingest.Report.NO_CODE)).hasSize(2);

        // a later sequence replaces the run's metrics; a replayed or older one changes nothing
        assertThat(post(Reports.bytes(Reports.valid(uuid, run, 3)), null).statusCode()).isEqualTo(201);
        assertThat(metrics(run).at("/commands/find/count").asLong()).isEqualTo(12);
        String before = dump();
        assertThat(post(Reports.bytes(Reports.valid(uuid, run, 3)), null).statusCode()).isEqualTo(201);
        assertThat(post(Reports.bytes(Reports.valid(uuid, run, 2)), null).statusCode()).isEqualTo(201);
        assertThat(dump()).isEqualTo(before);

        // another run of the same installation adds a run, keeps one installation
        assertThat(post(Reports.bytes(Reports.valid(uuid, UUID.randomUUID(), 1)), null).statusCode()).isEqualTo(201);
        assertThat(count("SELECT COUNT(*) FROM runs WHERE uuid = '" + uuid + "'")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM installations")).isEqualTo(1);

        // retention removes old runs with their metrics
        assertThat(beacon.store().deleteRunsBefore(Instant.now().plusSeconds(5))).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM runs")).isZero(); // and with them their metrics
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    @SuppressWarnings("unchecked")
    void badInputGets400WithAReasonAndChangesNothing(String db) throws Exception {
        start(db);
        UUID uuid = UUID.randomUUID();
        assertThat(post(Reports.bytes(Reports.valid(uuid, UUID.randomUUID(), 1)), null).statusCode()).isEqualTo(201);
        String before = dump();
        Map<String, Object> negative = Reports.valid(uuid, UUID.randomUUID(), 1);
        ((Map<String, Object>) ((Map<String, Object>) negative.get("commands")).get("find")).put("count", -1);
        Map<String, Object> wrongType = Reports.valid(uuid, UUID.randomUUID(), 1);
        wrongType.put("app", "test-app");
        Map<String, Object> schema = Reports.valid(uuid, UUID.randomUUID(), 1);
        schema.put("schema_version", 99);
        StringBuilder million = new StringBuilder("{\"schema_version\":1,\"commands\":{");
        for (int i = 0; i < 1_000_000; i++) {
            million.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":{}");
        }
        million.append("}}");
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("larger than 256 KiB", new byte[300 * 1024]);
        bad.put("not well-formed JSON", "{\"schema_version\": 1, ".getBytes(StandardCharsets.UTF_8));
        bad.put("nests too deep", ("{\"x\":" + "[".repeat(200) + "]".repeat(200) + "}").getBytes(StandardCharsets.UTF_8));
        bad.put("app must be an object", Reports.bytes(wrongType));
        bad.put("count must be between 0", Reports.bytes(negative));
        bad.put("unsupported schema_version 99", Reports.bytes(schema));
        bad.put("larger than 256 KiB ", million.toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            HttpResponse<String> r = post(e.getValue(), null);
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(JSON.readValue(r.body(), Map.class).get("error")).as(e.getKey()).asString().contains(e.getKey().trim());
        }
        assertThat(dump()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void derivesNetworkFactsButNeverStoresTheAddress(String db) throws Exception {
        start(db);
        Map<String, String[]> cases = Map.of(
                "1.128.0.1", new String[]{"1221", "Telstra Pty Ltd", null, null},
                "2.125.160.217", new String[]{null, null, "GB", null},
                "3.5.140.7", new String[]{null, null, null, "aws/ap-northeast-2"},
                "34.1.208.9", new String[]{null, null, null, "gcp/africa-south1"});
        for (Map.Entry<String, String[]> e : cases.entrySet()) {
            UUID uuid = UUID.randomUUID();
            // as if from that address, through the trusted proxy on 127.0.0.1
            assertThat(post(Reports.bytes(Reports.valid(uuid, UUID.randomUUID(), 1)), "198.51.100.7, " + e.getKey()).statusCode())
                    .isEqualTo(201);
            String[] want = e.getValue();
            try (Connection c = beacon.store().dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT asn, as_org, country, cloud_provider, cloud_region FROM installations WHERE uuid = '" + uuid + "'")) {
                assertThat(rs.next()).isTrue();
                if (want[0] != null) {
                    assertThat(rs.getLong(1)).as(e.getKey()).isEqualTo(Long.parseLong(want[0]));
                    assertThat(rs.getString(2)).isEqualTo(want[1]);
                }
                if (want[2] != null) {
                    assertThat(rs.getString(3)).as(e.getKey()).isEqualTo(want[2]);
                }
                if (want[3] != null) {
                    assertThat(rs.getString(4) + "/" + rs.getString(5)).as(e.getKey()).isEqualTo(want[3]);
                }
                c.rollback();
            }
        }
        String all = dump();
        for (String address : Stream.concat(cases.keySet().stream(), Stream.of("198.51.100.7", "127.0.0.1")).toList()) {
            assertThat(all).as("tables").doesNotContain(address);
        }
        if (db.equals("h2")) {
            beacon.close();
            beacon = null;
            try (Stream<Path> files = Files.walk(tmp.resolve("data"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String address : cases.keySet()) {
                        assertThat(bytes).as(f.toString()).doesNotContain(address);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void anUntrustedPeersHeaderIsIgnoredAndFloodsGet429(String db) throws Exception {
        start(db, "--trusted-proxies", "10.0.0.1", "--rate-limit", "5");
        UUID uuid = UUID.randomUUID();
        assertThat(post(Reports.bytes(Reports.valid(uuid, UUID.randomUUID(), 1)), "1.128.0.1").statusCode()).isEqualTo(201);
        assertThat(count("SELECT COUNT(*) FROM installations WHERE uuid = '" + uuid + "' AND asn IS NULL")).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(post(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1)), null).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> r = post(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1)), null);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("too many reports");
        assertThat(count("SELECT COUNT(*) FROM installations")).isEqualTo(5);
    }
}
