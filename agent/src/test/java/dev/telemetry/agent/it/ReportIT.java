package dev.telemetry.agent.it;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Reports to a real HTTP server on 127.0.0.1 that records every connection. */
class ReportIT {

    private static ForkedJvm host(String options) throws Exception {
        return ForkedJvm.builder("com.example.fixture.MongoHost").agentOptions("start-delay=0ms," + options).start();
    }

    private static String base(TestReceiver r, Path state) {
        return "url=" + r.url() + ",state-dir=" + state;
    }

    @Test
    void undecidedSendsNothingDuringTheDelayThenReports() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            Path state = ForkedJvm.freshDir("undecided");
            long started = System.currentTimeMillis();
            try (ForkedJvm jvm = host(base(r, state) + ",undecided-delay=4s,report-interval=1h")) {
                MongoProfileIT.port(jvm);
                Path file = state.resolve("telemetry.json");
                for (int i = 0; i < 50 && !Files.exists(file); i++) {
                    Thread.sleep(100);
                }
                assertThat(Files.readString(file)).contains("not sent yet: telemetry is undecided").contains("\"schema_version\"");
                while (System.currentTimeMillis() - started < 3000) {
                    assertThat(r.connections()).as("connections during the undecided delay").isZero();
                    Thread.sleep(100);
                }
                TestReceiver.Request first = r.awaitRequest(1, 15_000);
                assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(4000);
                assertThat(Json.object(first.text())).containsEntry("telemetry", "undecided");
                assertThat(jvm.stop(30_000)).isZero();
            }
            assertThat(r.requests()).hasSize(1); // undecided: no final report at shutdown
        }
    }

    @Test
    void enablingEarlySendsAtOnce() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            try (ForkedJvm jvm = host(base(r, ForkedJvm.freshDir("early")) + ",undecided-delay=1h")) {
                MongoProfileIT.port(jvm);
                Thread.sleep(500);
                assertThat(r.connections()).isZero();
                ForkedJvm.Result res = ForkedJvm.cli(Map.of(), "enable", Long.toString(jvm.pid()));
                assertThat(res.exit).as(res.toString()).isZero();
                assertThat(res.out).contains("telemetry is enabled");
                assertThat(Json.object(r.awaitRequest(1, 10_000).text())).containsEntry("telemetry", "enabled");

                res = ForkedJvm.cli(Map.of(), "disable", Long.toString(jvm.pid()));
                assertThat(res.exit).as(res.toString()).isZero();
                ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
                assertThat(status.out).contains("state:            disabled", "locked:           no",
                        "decided by:       set by JMX while running", "next report:      -");
                int sent = r.connections();
                assertThat(jvm.stop(30_000)).isZero();
                assertThat(r.connections()).isEqualTo(sent); // disabled: no final report
            }
        }
    }

    @Test
    void disabledMeansNoConnectionEverIncludingShutdown() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            // locked off by the option, and off by a saved choice (unlocked)
            Path saved = ForkedJvm.freshDir("saved-off");
            for (String options : List.of(base(r, ForkedJvm.freshDir("off")) + ",telemetry=disable",
                    base(r, saved) + ",telemetry=disable", base(r, saved))) {
                try (ForkedJvm jvm = host(options + ",report-interval=300ms,undecided-delay=0ms")) {
                    int port = MongoProfileIT.port(jvm);
                    try (MongoClient client = MongoProfileIT.client(port)) {
                        client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
                    }
                    Thread.sleep(1500);
                    assertThat(jvm.stop(30_000)).isZero();
                }
                assertThat(r.connections()).as(options).isZero();
            }
            assertThat(saved.resolve("telemetry.json")).doesNotExist();
        }
    }

    @Test
    void enabledReportsAtOnceThenEveryIntervalAndAtShutdown() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            try (ForkedJvm jvm = host(base(r, ForkedJvm.freshDir("enabled")) + ",telemetry=enable,report-interval=1s")) {
                MongoProfileIT.port(jvm);
                TestReceiver.Request first = r.awaitRequest(1, 5_000);
                r.awaitRequest(3, 10_000);
                assertThat(first.requestLine).isEqualTo("POST /v1/report HTTP/1.1");
                assertThat(first.headers).containsEntry("content-type", "application/json; charset=utf-8");
                assertThat(first.headers.get("user-agent")).matches("telemetry-agent/\\d+\\.\\d+\\.\\d+.*");
                assertThat(jvm.agentLines()).contains("[telemetry-agent] INFO first report sent to 127.0.0.1");
                int before = r.requests().size();
                assertThat(jvm.stop(30_000)).isZero();
                r.awaitRequest(before + 1, 5_000); // the final report
            }
            long seq = 0;
            String run = null;
            for (TestReceiver.Request q : r.requests()) {
                Map<String, Object> report = Json.object(q.text());
                assertThat((Long) report.get("sequence")).isGreaterThan(seq);
                seq = (Long) report.get("sequence");
                run = run == null ? (String) report.get("run_id") : run;
                assertThat(report.get("run_id")).isEqualTo(run);
            }
        }
    }

    @Test
    void payloadCarriesExactCountsAndNoUserData() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            Path state = ForkedJvm.freshDir("payload");
            try (ForkedJvm jvm = host(base(r, state) + ",telemetry=enable,report-interval=1h,build-tags=enterprise")) {
                int port = MongoProfileIT.port(jvm);
                r.awaitRequest(1, 5_000);
                try (MongoClient client = MongoProfileIT.client(port)) {
                    MongoProfileIT.workload(client);
                }
                ForkedJvm.Result res = ForkedJvm.cli(Map.of(), "enable", Long.toString(jvm.pid()));
                assertThat(res.exit).isEqualTo(1);
                assertThat(res.err).contains("refused: telemetry is locked for this run: set by the option telemetry=enable");
                int before = r.requests().size();
                assertThat(jvm.stop(30_000)).isZero();
                TestReceiver.Request last = r.awaitRequest(before + 1, 5_000); // the final report holds everything

                assertThat(last.text()).doesNotContain("secret").doesNotContain(state.toString())
                        .doesNotContain(java.net.InetAddress.getLocalHost().getHostName() + "\"");
                Map<String, Object> report = Json.object(last.text());
                ReportSchema.assertMatches(report);
                assertThat(report).containsEntry("schema_version", 1L).containsEntry("telemetry", "enabled");
                assertThat((Map<String, Object>) report.get("app")).containsEntry("backend", "memory")
                        .containsEntry("version", "1.47.0").containsEntry("build_tags", List.of("enterprise"));
                assertThat((Map<String, Object>) report.get("agent")).containsEntry("profile", "mongo-java-server");
                ReportedMetrics m = ReportedMetrics.of(report);
                assertThat(m.results()).contains(
                        entry("insert unknown ok null", 2L),
                        entry("insert unknown DuplicateKey 11000", 1L),
                        entry("find unknown ok null", 2L),
                        entry("find $where BadValue 2", 1L),
                        entry("find $geoWithin NotImplemented 238", 1L),
                        entry("aggregate $setWindowFields Location40324 40324", 1L),
                        entry("unknown unknown CommandNotFound 59", 1L),
                        entry("hello unknown CommandNotFound 59", 1L));
                assertThat(last.body.length).isLessThan(64 * 1024);
            }
        }
    }

    @Test
    void versionNoticeReachesLogJmxAndMongoClients() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            r.reply("{\"latest_version\":\"9.9.9\",\"update_available\":true,\"unknown_field\":[1,2]}");
            // start-delay as in real use (default 2s): by the first report the server's classes, and so its version, are known
            try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.MongoHost").agentOptions(base(r, ForkedJvm.freshDir("notice"))
                    + ",telemetry=enable,report-interval=1h,start-delay=1s").start()) {
                int port = MongoProfileIT.port(jvm);
                r.awaitRequest(1, 5_000);
                String line = "A new version is available! The latest version: 9.9.9. The current version: 1.47.0.";
                waitFor(() -> jvm.agentLines().contains("[telemetry-agent] WARN " + line));

                ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
                assertThat(status.out).contains("latest version:   9.9.9", "update available: yes", "warning:          " + line,
                        "state:            enabled");

                try (MongoClient client = MongoProfileIT.client(port)) {
                    MongoDatabase admin = client.getDatabase("admin");
                    Document log = admin.runCommand(new Document("getLog", "startupWarnings"));
                    assertThat(log.getInteger("totalLinesWritten")).isEqualTo(1);
                    Document entry = startupWarnings(admin).get(0);
                    assertThat(entry.getString("msg")).isEqualTo(line);
                    assertThat(entry.getString("s")).isEqualTo("W");
                    assertThat(entry.getInteger("id")).isEqualTo(8_840_110);
                    Document serverStatus = admin.runCommand(new Document("serverStatus", 1));
                    assertThat(serverStatus.get("freeMonitoring", Document.class)).isEqualTo(new Document("state", "enabled")
                            .append("latestVersion", "9.9.9").append("updateAvailable", true).append("securityUpdate", false)
                            .append("updateInfo", line));
                    Document fm = admin.runCommand(new Document("getFreeMonitoringStatus", 1));
                    assertThat(fm.getString("state")).isEqualTo("enabled");
                    assertThat(fm.getString("message")).isEqualTo("monitoring is enabled");
                    assertThat(fm.get("ok", Number.class).intValue()).isEqualTo(1);
                    // locked by the option: setFreeMonitoring is refused with MongoDB's code
                    assertThatThrownBy(() -> admin.runCommand(new Document("setFreeMonitoring", 1).append("action", "disable")))
                            .isInstanceOfSatisfying(MongoCommandException.class, e -> {
                                assertThat(e.getErrorCode()).isEqualTo(50840);
                                assertThat(e.getErrorMessage()).contains("Free Monitoring has been disabled via the command-line and/or config file");
                            });
                }
                assertThat(jvm.stop(30_000)).isZero();
            }
        }
    }

    /** getLog's startupWarnings lines, each a MongoDB structured log entry (it fails the test when one is not). */
    static List<Document> startupWarnings(MongoDatabase admin) {
        List<Document> out = new java.util.ArrayList<>();
        for (String line : admin.runCommand(new Document("getLog", "startupWarnings")).getList("log", String.class)) {
            Document d = Document.parse(line);
            assertThat(d.keySet()).as(line).containsExactly("t", "s", "c", "id", "ctx", "msg", "tags");
            assertThat(d.get("t")).as(line).isInstanceOf(java.util.Date.class); // extended JSON {"$date": ...}
            assertThat(line).as(line).containsPattern("^\\{\"t\":\\{\"\\$date\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00\"}");
            out.add(d);
        }
        return out;
    }

    @Test
    void aSecurityUpdateIsToldAtTheHigherSeverityEverywhere() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            r.reply("{\"latest_version\":\"9.9.9\",\"update_info\":\"\",\"update_available\":true,\"security_update\":true}");
            try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.MongoHost").agentOptions(base(r, ForkedJvm.freshDir("security"))
                    + ",telemetry=enable,report-interval=1h,start-delay=1s").start()) {
                int port = MongoProfileIT.port(jvm);
                r.awaitRequest(1, 5_000);
                String line = "A security update is available! The latest version: 9.9.9. The current version: 1.47.0.";
                waitFor(() -> jvm.agentLines().contains("[telemetry-agent] ERROR " + line));

                ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
                assertThat(status.out).contains("update available: yes", "security update:  yes", "error:            " + line);
                assertThat(status.out).doesNotContain("warning:          " + line);

                try (MongoClient client = MongoProfileIT.client(port)) {
                    MongoDatabase admin = client.getDatabase("admin");
                    assertThat(startupWarnings(admin)).singleElement().satisfies(e -> {
                        assertThat(e.getString("msg")).isEqualTo(line);
                        assertThat(e.getString("s")).isEqualTo("E");
                        assertThat(e.getInteger("id")).isEqualTo(8_840_111);
                    });
                    Document fm = admin.runCommand(new Document("serverStatus", 1)).get("freeMonitoring", Document.class);
                    assertThat(fm.getBoolean("securityUpdate")).isTrue();
                    assertThat(fm.getString("updateInfo")).isEqualTo(line);
                }
                assertThat(jvm.stop(30_000)).isZero();
            }
        }
    }

    @Test
    void setFreeMonitoringChangesTheStateAtRuntime() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            Path state = ForkedJvm.freshDir("setfm");
            try (ForkedJvm jvm = host(base(r, state) + ",undecided-delay=1h,report-interval=1h")) {
                int port = MongoProfileIT.port(jvm);
                try (MongoClient client = MongoProfileIT.client(port)) {
                    MongoDatabase admin = client.getDatabase("admin");
                    assertThat(admin.runCommand(new Document("serverStatus", 1)).get("freeMonitoring", Document.class)
                            .getString("state")).isEqualTo("undecided");
                    assertThat(startupWarnings(admin)).singleElement().satisfies(e -> {
                        assertThat(e.getString("msg")).startsWith("Telemetry is undecided").contains("setFreeMonitoring");
                        assertThat(e.getString("s")).isEqualTo("W");
                        assertThat(e.getInteger("id")).isEqualTo(8_840_100);
                    });
                    for (Document bad : List.of(new Document("setFreeMonitoring", 1),
                            new Document("setFreeMonitoring", 1).append("action", 5),
                            new Document("setFreeMonitoring", 1).append("action", "maybe"))) {
                        assertThatThrownBy(() -> admin.runCommand(bad)).isInstanceOfSatisfying(MongoCommandException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(2));
                    }
                    assertThat(r.connections()).isZero();
                    r.reply("{\"latest_version\":\"2.0.0\",\"update_available\":true}");
                    Document ok = admin.runCommand(new Document("setFreeMonitoring", 1).append("action", "enable"));
                    assertThat(ok.get("ok", Number.class).intValue()).isEqualTo(1);
                    r.awaitRequest(1, 10_000); // the pending undecided delay was woken
                    assertThat(Files.readString(state.resolve("state.json"))).contains("\"telemetry\" : \"enabled\"");
                    assertThat(admin.runCommand(new Document("getFreeMonitoringStatus", 1)).getString("state")).isEqualTo("enabled");
                    waitFor(() -> startupWarnings(admin).stream().map(e -> e.getString("msg")).collect(java.util.stream.Collectors.toList())
                            .contains("A new version is available! The latest version: 2.0.0. The current version: 1.47.0."));

                    admin.runCommand(new Document("setFreeMonitoring", 1).append("action", "disable"));
                    // disabling forgets the version information
                    assertThat(startupWarnings(admin)).isEmpty();
                    assertThat(admin.runCommand(new Document("serverStatus", 1)).get("freeMonitoring", Document.class))
                            .isEqualTo(new Document("state", "disabled"));
                    assertThat(Files.readString(state.resolve("state.json"))).contains("\"telemetry\" : \"disabled\"");
                    assertThat(admin.runCommand(new Document("getFreeMonitoringStatus", 1)).getString("message"))
                            .isEqualTo("monitoring is disabled");
                }
                ReportedMetrics m = ReportedMetrics.of(jvm);
                assertThat(m.results()).contains(entry("setFreeMonitoring unknown BadValue 2", 3L),
                        entry("setFreeMonitoring unknown ok null", 2L), entry("getFreeMonitoringStatus unknown ok null", 2L));
                int sent = r.requests().size();
                assertThat(jvm.stop(30_000)).isZero();
                assertThat(r.requests()).hasSize(sent); // disabled at exit: no final report
                assertThat(state.resolve("telemetry.json")).doesNotExist();
            }
        }
    }

    @Test
    void faultsAreRetriedWithOneWarningAndTheHostIsUnaffected() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            r.mode(TestReceiver.Mode.STATUS_500);
            try (ForkedJvm jvm = host(base(r, ForkedJvm.freshDir("faults"))
                    + ",telemetry=enable,report-interval=2s,report-timeout=1s")) {
                int port = MongoProfileIT.port(jvm);
                try (MongoClient client = MongoProfileIT.client(port)) {
                    MongoDatabase db = client.getDatabase("db");
                    int inserts = 0;
                    for (TestReceiver.Mode fault : List.of(TestReceiver.Mode.STATUS_500, TestReceiver.Mode.HANG,
                            TestReceiver.Mode.NOT_JSON, TestReceiver.Mode.HUGE_BODY)) {
                        r.mode(fault);
                        int seen = r.requests().size();
                        // dispatches go on while reports fail: each one quick, whatever the endpoint does
                        while (r.requests().size() < seen + 2) {
                            long t0 = System.nanoTime();
                            db.getCollection("c").insertOne(new Document("_id", ++inserts));
                            assertThat((System.nanoTime() - t0) / 1_000_000).as("insert during " + fault + " (ms)").isLessThan(900);
                            Thread.sleep(50);
                        }
                    }
                    long warnings = jvm.agentLines().stream().filter(l -> l.contains("WARN report to 127.0.0.1 failed")).count();
                    assertThat(warnings).as("one warning per outage").isEqualTo(1);
                    r.mode(TestReceiver.Mode.OK);
                    int seen = r.requests().size();
                    TestReceiver.Request ok = r.awaitRequest(seen + 2, 15_000);
                    waitFor(() -> jvm.agentLines().stream().anyMatch(l -> l.contains("INFO first report sent to 127.0.0.1 after ")
                            && l.endsWith(" failed attempts")));
                    ReportedMetrics m = ReportedMetrics.of(Json.object(ok.text()));
                    assertThat(m.count("insert")).isEqualTo(inserts); // nothing lost while reports failed
                }
                assertThat(jvm.stop(30_000)).isZero();
            }
        }
    }

    @Test
    void refusedConnectionIsAFailureToo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        try (ForkedJvm jvm = host("url=http://127.0.0.1:" + closedPort + "/r,state-dir=" + ForkedJvm.freshDir("refused")
                + ",telemetry=enable,report-interval=1s")) {
            MongoProfileIT.port(jvm);
            waitFor(() -> jvm.agentLines().stream().anyMatch(l -> l.contains("WARN report to 127.0.0.1 failed (Connection refused")));
            ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
            assertThat(status.out).contains("last report:").contains("failed at");
            assertThat(jvm.stop(30_000)).isZero();
        }
    }

    @Test
    void shutdownWithAHangingEndpointExitsWithinTheTimeout() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            try (ForkedJvm jvm = host(base(r, ForkedJvm.freshDir("hang")) + ",telemetry=enable,report-interval=1h,report-timeout=1s")) {
                MongoProfileIT.port(jvm);
                r.awaitRequest(1, 5_000);
                r.mode(TestReceiver.Mode.HANG);
                long t0 = System.nanoTime();
                assertThat(jvm.stop(30_000)).isZero();
                long ms = (System.nanoTime() - t0) / 1_000_000;
                r.awaitRequest(2, 2_000); // the final report was attempted
                assertThat(ms).as("exit took (ms)").isLessThan(4_000);
            }
        }
    }

    @Test
    void dryRunAndNoUrlWriteButNeverConnect() throws Exception {
        try (TestReceiver r = new TestReceiver()) {
            Path state = ForkedJvm.freshDir("dry");
            try (ForkedJvm jvm = host(base(r, state) + ",telemetry=enable,dry-run=true,report-interval=500ms")) {
                MongoProfileIT.port(jvm);
                waitFor(() -> jvm.agentLines().stream().filter(l -> l.startsWith("[telemetry-agent] INFO dry-run report: {")).count() >= 2);
                assertThat(Files.readString(state.resolve("telemetry.json"))).contains("dry run: written at");
                ForkedJvm.Result preview = ForkedJvm.cli(Map.of(), "preview", Long.toString(jvm.pid()));
                ReportSchema.assertMatches(Json.object(preview.out.trim()));
                assertThat(jvm.stop(30_000)).isZero();
            }
            Path none = ForkedJvm.freshDir("nourl");
            try (ForkedJvm jvm = host("state-dir=" + none + ",telemetry=enable,report-interval=1h")) {
                MongoProfileIT.port(jvm);
                waitFor(() -> Files.exists(none.resolve("telemetry.json")));
                assertThat(jvm.agentLines().stream().filter(l -> l.contains("no url is configured"))).hasSize(1);
                assertThat(jvm.stop(30_000)).isZero();
            }
            assertThat(r.connections()).isZero();
        }
    }

    @Test
    void plainHttpToAnotherHostIsAConfigurationError() throws Exception {
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.TrivialHost")
                .agentOptions("url=http://telemetry.example.com/r,state-dir=" + ForkedJvm.freshDir("insecure")).start()) {
            assertThat(jvm.waitFor(30_000)).isZero();
            assertThat(jvm.agentLines()).singleElement().asString().contains("configuration error")
                    .contains("plain HTTP").contains("allow-insecure");
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("condition not met in 15 s");
            }
            Thread.sleep(50);
        }
    }
}
