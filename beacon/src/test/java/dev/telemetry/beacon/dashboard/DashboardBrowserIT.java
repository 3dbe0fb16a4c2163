package dev.telemetry.beacon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.beacon.Beacon;
import dev.telemetry.beacon.ReportBuilder;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Cookie;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.telemetry.beacon.ReportBuilder.report;
import static dev.telemetry.beacon.ReportBuilder.result;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser ({@link DashboardScreen}: Debian's headless Chromium through its
 * chromedriver; nothing is downloaded) against an in-process beacon seeded with a small installed
 * base whose answers are known. The default view's full-page screenshot goes to
 * target/screenshots/dashboard.png (the build's artifact); a failing test leaves failure.png and
 * failure.html there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardBrowserIT {
    private static final String TOKEN = "browser-test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Beacon beacon;
    private DashboardScreen screen;
    private String base;
    /** Today, UTC: T below. */
    private LocalDate t;

    // ---- the installed base: test-app, latest release 1.0.0; counts are cumulative per run

    private final Installation a = new Installation("1.0.0", "memory", "docker", "21.0.5", "Linux", "amd64", "enabled",
            new GeoInfo(3320L, "Deutsche Telekom AG", "DE", null, null));
    private final Installation b = new Installation("1.0.0", "postgresql", "package", "17.0.15", "Linux", "amd64", "enabled",
            new GeoInfo(16509L, "AMAZON-02", "US", GeoInfo.AWS, "us-east-1"));
    private final Installation c = new Installation("0.9.0", "memory", "docker", "17.0.15", "Linux", "aarch64", "undecided",
            new GeoInfo(7922L, "Comcast Cable Communications, LLC", "US", null, null));
    private final Installation d = new Installation("0.9.0", "postgresql", "self-built", "21.0.5", "Mac OS X", "aarch64", "enabled",
            new GeoInfo(3215L, "Orange S.A.", "FR", null, null));
    private final Installation e = new Installation("0.9.0", "memory", "package", "11.0.22", "Windows 10", "amd64", "enabled",
            GeoInfo.NONE);

    private void seed() throws Exception {
        //     installation, sequence, days ago: dispatches (failing), failures by error
        receive(a, 1, 20, command("find", 10, 2), command("insert", 5, 0), where(2));
        receive(e, 1, 20, command("find", 8, 3), command("aggregate", 4, 2), where(3), function(2));
        receive(b, 1, 3, command("find", 20, 1), command("insert", 4, 0), where(1));
        receive(d, 1, 3, command("aggregate", 40, 7), command("find", 3, 0), function(7));
        receive(a, 2, 0, command("find", 30, 5), command("insert", 8, 0), where(5)); // A's run since T-20: +20 (3) find, +3 insert
        receive(c, 1, 0, command("find", 12, 4), command("insert", 6, 1), where(4),
                result("insert").error("DuplicateKey", 11000).times(1));
    }

    /*
     * What they add up to, per filter (the tests below say which installations make each number):
     *                          active today, 7, 30 days, period   top gap                                 top command
     *   every version, 30 days  A C, +B D, +E, 5                  find/$where: A B C E, 5+1+4+3 = 13       find 30+8+20+3+12 = 73
     *   0.9.0, 30 days          C, +D, +E, 3                      aggregate/$function: D E, 7+2 = 9        aggregate 40+4 = 44
     *   0.9.0, 7 days           C, +D, +E, 2 (C D)                aggregate/$function: D, 7                aggregate 40
     *   every version, 7 days   A C, +B D, +E, 4 (A B C D)        find/$where: A B C, (5-2)+1+4 = 8        find (30-10)+20+3+12 = 55
     */

    @Test
    void withoutTheTokenNeitherTheApiNorThePageShowsData() throws Exception {
        HttpResponse<String> api = get("/api/dashboard", null);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("admin token").doesNotContain("find").doesNotContain("test-app").doesNotContain("$where");
        assertThat(get("/api/dashboard", "Bearer not-" + TOKEN).statusCode()).isEqualTo(401);
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("id=\"login\"").doesNotContain("find").doesNotContain("test-app");
    }

    @Test
    void withTheTokenTheApiHasTheNumbersThePageShows() throws Exception {
        JsonNode all = JSON.readTree(get("/api/dashboard", "Bearer " + TOKEN).body());
        assertThat(all.at("/active").toString()).isEqualTo("{\"day1\":2,\"days7\":4,\"days30\":5,\"period\":5}");
        assertThat(all.at("/gaps/0/command").asText() + " " + all.at("/gaps/0/operator").asText() + " "
                + all.at("/gaps/0/installations").asLong()).isEqualTo("find $where 4");
        JsonNode week = JSON.readTree(get("/api/dashboard?app=test-app&version=0.9.0&days=7", "Bearer " + TOKEN).body());
        assertThat(week.at("/active").toString()).isEqualTo("{\"day1\":1,\"days7\":2,\"days30\":3,\"period\":2}");
    }

    @Test
    void theLoginFormRefusesAWrongTokenAndTheRightOneOpensAnHttpOnlySession() {
        screen.logOut();
        screen.open("/");
        assertThat(screen.hasLoginForm()).isTrue();
        assertThat(screen.showsTheDashboard()).isFalse();
        assertThat(screen.source()).doesNotContain("find").doesNotContain("test-app");

        screen.login("wrong-token");
        assertThat(screen.hasLoginForm()).isTrue();
        assertThat(screen.mainText()).contains("That is not the admin token.");
        assertThat(screen.source()).doesNotContain("find").doesNotContain("test-app");
        assertThat(screen.showsTheDashboard()).isFalse();

        screen.login(TOKEN);
        screen.waitForTheDashboard();
        assertThat(screen.url()).isEqualTo(base + "/");
        Cookie session = screen.cookie("beacon_admin");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getValue()).doesNotContain(TOKEN);
    }

    @Test
    void everyVersionInTheLast30Days() throws Exception {
        screen.loggedIn(TOKEN);
        String t20 = t.minusDays(20).toString();
        assertThat(screen.selected("app")).isEmpty();
        assertThat(screen.selected("version")).isEmpty();
        assertThat(screen.selected("days")).isEqualTo("30");
        assertThat(screen.options("version")).containsExactly("", "1.0.0", "0.9.0");
        // today A C; 7 days + B D (T-3); 30 days + E (T-20)
        assertThat(screen.cards()).containsExactly("2", "4", "5", "5");
        List<List<String>> gaps = screen.gaps();
        assertThat(gaps).hasSize(3);
        // A B C E: 5 + 1 + 4 + 3, first seen T-20 (A, E), last T (A, C)
        assertThat(gaps.get(0)).containsExactly("find", "$where", "NotImplemented", "238", "unsupported", "4", "13", t20, t.toString());
        // D E: 7 + 2, from T-20 (E) to T-3 (D)
        assertThat(gaps.get(1)).containsExactly("aggregate", "$function", "InvalidPipelineOperator", "168", "unsupported", "2", "9",
                t20, t.minusDays(3).toString());
        assertThat(gaps.get(2)).containsExactly("insert", "unknown", "DuplicateKey", "11000", "error", "1", "1", t.toString(), t.toString());
        // find A 30 + E 8 + B 20 + D 3 + C 12 (failing 5 + 3 + 1 + 0 + 4); aggregate E 4 + D 40 (2 + 7); insert A 8 + B 4 + C 6 (C 1)
        List<List<String>> commands = screen.commands();
        assertThat(commands).extracting(r -> r.subList(0, 3))
                .containsExactly(List.of("find", "73", "13"), List.of("aggregate", "44", "9"), List.of("insert", "18", "1"));
        // every report's latencies: 60% under 256 µs, 30% under 1 ms, the rest under 4 ms; a mean of 300 µs
        assertThat(commands.get(0).subList(3, 5)).containsExactly("300 µs", "< 256 µs");
        assertThat(screen.text("up-to-date")).isEqualTo("2"); // A B
        assertThat(screen.text("behind")).isEqualTo("3");     // C D E
        assertThat(screen.versions().subList(1, 3)).containsExactly(
                List.of("test-app", "0.9.0", "3", "behind", "1.0.0"), List.of("test-app", "1.0.0", "2", "up to date", "1.0.0"));
        Map<String, String> trend = screen.trend();
        assertThat(trend).hasSize(30);
        // T-20 A E; T-3 B D; T A C
        assertThat(trend).containsEntry(t20, "2").containsEntry(t.minusDays(3).toString(), "2").containsEntry(t.toString(), "2");
        assertThat(trend.values().stream().filter(v -> !v.equals("0")).count()).isEqualTo(3);
        assertThat(screen.trendBars()).isEqualTo(30);
        for (String dim : List.of("backend", "installation_type", "java", "os_arch", "country", "cloud", "telemetry")) {
            assertThat(screen.charts(dim)).as(dim).isEqualTo(1);
        }
        assertThat(screen.chartText("country")).contains("US").contains("DE").contains("unknown"); // B C, A, E
        screen.assertNoHorizontalOverflow();
        assertThat(screen.screenshot("dashboard.png")).exists();
    }

    @Test
    void oneVersionInTheLast30Days() {
        screen.loggedIn(TOKEN);
        screen.choose("version", "0.9.0");
        assertThat(screen.url()).contains("version=0.9.0").contains("days=30");
        assertThat(screen.selected("version")).isEqualTo("0.9.0");
        // C D E: today C; 7 days + D; 30 days + E
        assertThat(screen.cards()).containsExactly("1", "2", "3", "3");
        assertThat(screen.gaps()).extracting(r -> String.join(" ", r.subList(0, 7))).containsExactly(
                "aggregate $function InvalidPipelineOperator 168 unsupported 2 9", // D E: 7 + 2
                "find $where NotImplemented 238 unsupported 2 7",                  // C E: 4 + 3
                "insert unknown DuplicateKey 11000 error 1 1");                    // C
        // aggregate D 40 + E 4 (7 + 2); find C 12 + D 3 + E 8 (4 + 0 + 3); insert C 6 (1)
        assertThat(screen.commands()).extracting(r -> r.subList(0, 3))
                .containsExactly(List.of("aggregate", "44", "9"), List.of("find", "23", "7"), List.of("insert", "6", "1"));
        assertThat(screen.text("up-to-date")).isEqualTo("0");
        assertThat(screen.text("behind")).isEqualTo("3");
    }

    @Test
    void oneVersionInTheLast7Days() {
        screen.loggedIn(TOKEN);
        screen.open("/?app=&version=0.9.0&days=30");
        screen.choose("days", "7");
        assertThat(screen.url()).contains("version=0.9.0").contains("days=7");
        // E (T-20) drops out of the period: C D
        assertThat(screen.cards()).containsExactly("1", "2", "3", "2");
        String t20 = t.minusDays(20).toString();
        // the first day is the kept history's (E's T-20), the counts the period's
        assertThat(screen.gaps()).extracting(r -> String.join(" ", r)).containsExactly(
                "aggregate $function InvalidPipelineOperator 168 unsupported 1 7 " + t20 + " " + t.minusDays(3), // D
                "find $where NotImplemented 238 unsupported 1 4 " + t20 + " " + t,                               // C
                "insert unknown DuplicateKey 11000 error 1 1 " + t + " " + t);                                   // C
        // aggregate D 40 (7); find C 12 + D 3 (4); insert C 6 (1)
        assertThat(screen.commands()).extracting(r -> r.subList(0, 3))
                .containsExactly(List.of("aggregate", "40", "7"), List.of("find", "15", "4"), List.of("insert", "6", "1"));
        assertThat(screen.trend()).hasSize(7);
    }

    @Test
    void everyVersionInTheLast7Days() {
        screen.loggedIn(TOKEN);
        screen.open("/?app=&version=0.9.0&days=7");
        screen.choose("version", "");
        assertThat(screen.url()).contains("days=7");
        // today A C; 7 days + B D; 30 days + E; the period A B C D
        assertThat(screen.cards()).containsExactly("2", "4", "5", "4");
        // A's run added 5 - 2 = 3 at T, B 1, C 4
        assertThat(screen.gaps().get(0)).containsExactly("find", "$where", "NotImplemented", "238", "unsupported", "3", "8",
                t.minusDays(20).toString(), t.toString());
        // find A 30 - 10, B 20, D 3, C 12 (failing 5 - 2, 1, 0, 4)
        assertThat(screen.commands().get(0).subList(0, 3)).containsExactly("find", "55", "8");
    }

    // ---- the installations' reports

    /** One installation: what it runs and where it is. */
    private record Installation(UUID uuid, UUID run, String version, String backend, String type, String java, String os,
                                String arch, String telemetry, GeoInfo geo) {
        Installation(String version, String backend, String type, String java, String os, String arch, String telemetry, GeoInfo geo) {
            this(UUID.randomUUID(), UUID.randomUUID(), version, backend, type, java, os, arch, telemetry, geo);
        }
    }

    /** A command's {@code count} dispatches, {@code failures} of them failing. */
    private record Dispatches(String name, long count, long failures) {
        /** 60% under 256 µs, 30% under 1 ms, the rest under 4 ms; 300 µs each on average. */
        ReportBuilder.CommandRow row() {
            long fast = count * 6 / 10;
            long slow = count * 3 / 10;
            return ReportBuilder.command(name).inBucket(8, fast).inBucket(10, slow).inBucket(12, count - fast - slow)
                    .failures(failures).totalMicros(count * 300);
        }
    }

    private static Dispatches command(String name, long count, long failures) {
        return new Dispatches(name, count, failures);
    }

    private static ReportBuilder.ResultRow where(long times) {
        return result("find").operator("$where").error("NotImplemented", 238).times(times);
    }

    private static ReportBuilder.ResultRow function(long times) {
        return result("aggregate").operator("$function").error("InvalidPipelineOperator", 168).times(times);
    }

    /**
     * Stores a report of {@code i} as received {@code daysAgo} days before today: its commands, an
     * {@code ok} row for each command's successes, and the failing rows (which add up to the failures).
     */
    private void receive(Installation i, long sequence, int daysAgo, Object... rows) throws Exception {
        ReportBuilder r = report().installation(i.uuid()).run(i.run()).sequence(sequence).version(i.version())
                .backend(i.backend()).installationType(i.type()).java(i.java()).os(i.os()).arch(i.arch())
                .telemetry(i.telemetry()).uptimeSeconds(3600 * sequence);
        Map<String, Dispatches> commands = new TreeMap<>();
        List<ReportBuilder.ResultRow> failing = new ArrayList<>();
        for (Object row : rows) {
            if (row instanceof Dispatches c) {
                commands.put(c.name(), c);
            } else {
                failing.add((ReportBuilder.ResultRow) row);
            }
        }
        for (Dispatches c : commands.values()) {
            r.with(c.row());
            if (c.count() > c.failures()) {
                r.with(result(c.name()).ok().times(c.count() - c.failures()));
            }
        }
        failing.forEach(r::with);
        Instant at = t.minusDays(daysAgo).atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
        beacon.store().ingest(r.parsed(), i.geo(), at);
        beacon.store().fold(); // the page reads what the background fold put in; here at once
    }

    // ---- the beacon and the browser

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        requireBrowser();
        avoidMidnight();
        t = LocalDate.now(ZoneOffset.UTC);
        beacon = TestBeacon.start(tmp, "h2", "--admin-token", TOKEN);
        base = "http://127.0.0.1:" + beacon.server().port();
        seed();
        Path shots = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));
        Files.deleteIfExists(shots.resolve("failure.png"));
        Files.deleteIfExists(shots.resolve("failure.html"));
        screen = DashboardScreen.start(base, tmp.resolve("chromium-profile"));
    }

    @AfterEach
    void theDayDidNotChange() {
        assertThat(LocalDate.now(ZoneOffset.UTC)).as("the day changed during the test").isEqualTo(t);
    }

    @RegisterExtension
    final AfterTestExecutionCallback saveFailure = context -> {
        if (context.getExecutionException().isPresent() && screen != null) {
            screen.saveFailure();
        }
    };

    @AfterAll
    void stop() {
        try {
            if (screen != null) {
                screen.close();
            }
        } finally {
            if (beacon != null) {
                beacon.close();
            }
        }
    }

    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(DashboardScreen.CHROMIUM, DashboardScreen.CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                missing.add(p.toString());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String what = String.join(" and ", missing) + " missing (Debian's packages chromium and chromium-driver)";
        if (System.getenv("CI") != null) {
            throw new AssertionError(what + ": .ci/run installs them (.ci/chromium.sh), so under CI the browser test must run");
        }
        Assumptions.abort(what + ": the browser test runs under .ci/run, which installs them, or after"
                + " apt-get install --no-install-recommends chromium chromium-driver");
    }

    /** The numbers depend on the UTC day; a test started just before midnight waits for the next day. */
    private static void avoidMidnight() throws InterruptedException {
        Instant now = Instant.now();
        Duration left = Duration.between(now, LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        if (left.compareTo(Duration.ofMinutes(2)) < 0) {
            Thread.sleep(left.plusSeconds(1).toMillis());
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
