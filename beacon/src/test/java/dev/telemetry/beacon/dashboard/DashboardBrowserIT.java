package dev.telemetry.beacon.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.beacon.Beacon;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its chromedriver,
 * against an in-process beacon seeded with a small installed base whose answers are known. Checks
 * the login, the cards, the top compatibility gap and the top command, that the filter changes
 * them, and saves a full-page screenshot of the default view to target/screenshots/dashboard.png
 * (the build artifact). Nothing is downloaded: no Selenium Manager, no network for the browser.
 *
 * <p>The installed base (T is today, UTC; application test-app, latest release 1.0.0):
 * <pre>
 *   A 1.0.0  reports T-20 and T (one run)  find/$where NotImplemented 238
 *   B 1.0.0  reports T-3                   find/$where NotImplemented 238
 *   C 0.9.0  reports T                     find/$where NotImplemented 238, insert DuplicateKey 11000
 *   D 0.9.0  reports T-3                   aggregate/$function InvalidPipelineOperator 168
 *   E 0.9.0  reports T-20                  find/$where NotImplemented 238, aggregate/$function InvalidPipelineOperator 168
 * </pre>
 * Known answers (cards: active today, 7 days, 30 days, in the period; top gap; top command):
 * <pre>
 *   every version, 30 days  2 4 5 5  find/$where 238 on 4 installations, 13 times      find 73
 *   0.9.0, 30 days          1 2 3 3  aggregate/$function 168 on 2 installations, 9     aggregate 44
 *   0.9.0, 7 days           1 2 3 2  aggregate/$function 168 on 1 installation, 7      aggregate 40
 *   every version, 7 days   2 4 5 4  find/$where 238 on 3 installations, 8             find 55
 * </pre>
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DashboardBrowserIT {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final String TOKEN = "browser-test-admin-token";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Held, so that the level set on it stays. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path tmp;
    private Beacon beacon;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private LocalDate today;
    private String base;

    @AfterEach
    void stop() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            try {
                if (service != null) {
                    service.stop();
                }
            } finally {
                if (beacon != null) {
                    beacon.close();
                }
            }
        }
    }

    @Test
    void showsTheInstalledBaseAndTheFilterChangesIt() throws Exception {
        requireBrowser();
        avoidMidnight();
        today = LocalDate.now(ZoneOffset.UTC);
        startBeacon();
        seed();

        // without the token: 401 and no data, for scripts and for the page
        HttpResponse<String> api = get("/api/dashboard", null);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).contains("admin token").doesNotContain("find").doesNotContain("test-app").doesNotContain("$where");
        assertThat(get("/api/dashboard", "Bearer not-" + TOKEN).statusCode()).isEqualTo(401);
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.body()).contains("id=\"login\"").doesNotContain("find").doesNotContain("test-app");
        // with it, the JSON has the same numbers the page shows below
        JsonNode all = JSON.readTree(get("/api/dashboard", "Bearer " + TOKEN).body());
        assertThat(all.at("/active").toString()).isEqualTo("{\"day1\":2,\"days7\":4,\"days30\":5,\"period\":5}");
        assertThat(all.at("/gaps/0/command").asText() + " " + all.at("/gaps/0/operator").asText() + " "
                + all.at("/gaps/0/installations").asLong()).isEqualTo("find $where 4");
        JsonNode week = JSON.readTree(get("/api/dashboard?app=test-app&version=0.9.0&days=7", "Bearer " + TOKEN).body());
        assertThat(week.at("/active").toString()).isEqualTo("{\"day1\":1,\"days7\":2,\"days30\":3,\"period\":2}");

        startBrowser();
        try {
            inTheBrowser();
        } catch (Throwable e) {
            saveFailure();
            throw e;
        }
        assertThat(LocalDate.now(ZoneOffset.UTC)).as("the day changed during the test").isEqualTo(today);
    }

    private void inTheBrowser() throws Exception {
        LocalDate t20 = today.minusDays(20);
        String t = today.toString();
        driver.get(base + "/");
        assertThat(driver.findElements(By.cssSelector("#login input[name=token]"))).hasSize(1);
        assertThat(driver.findElements(By.id("active-1"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain("find").doesNotContain("test-app");

        // a wrong token is refused on the form
        login("wrong-token");
        assertThat(driver.findElements(By.cssSelector("#login input[name=token]"))).hasSize(1);
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("That is not the admin token.");
        assertThat(driver.getPageSource()).doesNotContain("find").doesNotContain("test-app");
        assertThat(driver.findElements(By.id("active-1"))).isEmpty();

        login(TOKEN);
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("active-1")));
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/");
        Cookie session = driver.manage().getCookieNamed("beacon_admin");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getValue()).doesNotContain(TOKEN);

        // the default view: every version, the last 30 days
        assertThat(selected("app")).isEmpty();
        assertThat(selected("version")).isEmpty();
        assertThat(selected("days")).isEqualTo("30");
        assertThat(options("version")).containsExactly("", "1.0.0", "0.9.0");
        assertThat(cards()).containsExactly("2", "4", "5", "5");
        List<List<String>> gaps = rows("#gaps tr.gap");
        assertThat(gaps).hasSize(3);
        assertThat(gaps.get(0)).containsExactly("find", "$where", "NotImplemented", "238", "unsupported", "4", "13", t20.toString(), t);
        assertThat(gaps.get(1)).containsExactly("aggregate", "$function", "InvalidPipelineOperator", "168", "unsupported", "2", "9",
                t20.toString(), today.minusDays(3).toString());
        assertThat(gaps.get(2)).containsExactly("insert", "unknown", "DuplicateKey", "11000", "error", "1", "1", t, t);
        List<List<String>> commands = rows("#commands tr.command");
        assertThat(commands).extracting(r -> r.subList(0, 3))
                .containsExactly(List.of("find", "73", "13"), List.of("aggregate", "44", "9"), List.of("insert", "18", "1"));
        assertThat(commands.get(0).subList(3, 5)).containsExactly("300 µs", "< 256 µs");
        assertThat(driver.findElement(By.id("up-to-date")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.id("behind")).getText()).isEqualTo("3");
        assertThat(rows("#versions tr").subList(1, 3)).containsExactly(
                List.of("test-app", "0.9.0", "3", "behind", "1.0.0"), List.of("test-app", "1.0.0", "2", "up to date", "1.0.0"));
        Map<String, String> trend = trend();
        assertThat(trend).hasSize(30);
        assertThat(trend).containsEntry(t20.toString(), "2").containsEntry(today.minusDays(3).toString(), "2").containsEntry(t, "2");
        assertThat(trend.values().stream().filter(v -> !v.equals("0")).count()).isEqualTo(3);
        assertThat(driver.findElements(By.cssSelector("#trend rect.bar"))).hasSize(30);
        for (String dim : List.of("backend", "installation_type", "java", "os_arch", "country", "cloud", "telemetry")) {
            assertThat(driver.findElements(By.cssSelector("#by-" + dim + " svg"))).as(dim).hasSize(1);
        }
        assertThat(driver.findElement(By.cssSelector("#by-country svg")).getText()).contains("US").contains("DE").contains("unknown");
        assertNoHorizontalOverflow();
        Path png = screenshot("dashboard.png");

        // one version: 0.9.0's three installations, and its own top gap and command
        choose("version", "0.9.0");
        assertThat(driver.getCurrentUrl()).contains("version=0.9.0").contains("days=30");
        assertThat(selected("version")).isEqualTo("0.9.0");
        assertThat(cards()).containsExactly("1", "2", "3", "3");
        gaps = rows("#gaps tr.gap");
        assertThat(gaps).extracting(r -> String.join(" ", r.subList(0, 7))).containsExactly(
                "aggregate $function InvalidPipelineOperator 168 unsupported 2 9",
                "find $where NotImplemented 238 unsupported 2 7",
                "insert unknown DuplicateKey 11000 error 1 1");
        assertThat(rows("#commands tr.command")).extracting(r -> r.subList(0, 3))
                .containsExactly(List.of("aggregate", "44", "9"), List.of("find", "23", "7"), List.of("insert", "6", "1"));
        assertThat(driver.findElement(By.id("up-to-date")).getText()).isEqualTo("0");
        assertThat(driver.findElement(By.id("behind")).getText()).isEqualTo("3");

        // and the last 7 days: E (T-20) drops out of the period
        choose("days", "7");
        assertThat(driver.getCurrentUrl()).contains("version=0.9.0").contains("days=7");
        assertThat(cards()).containsExactly("1", "2", "3", "2");
        gaps = rows("#gaps tr.gap");
        assertThat(gaps).extracting(r -> String.join(" ", r)).containsExactly(
                "aggregate $function InvalidPipelineOperator 168 unsupported 1 7 " + t20 + " " + today.minusDays(3),
                "find $where NotImplemented 238 unsupported 1 4 " + t20 + " " + t,
                "insert unknown DuplicateKey 11000 error 1 1 " + t + " " + t);
        assertThat(rows("#commands tr.command")).extracting(r -> r.subList(0, 3))
                .containsExactly(List.of("aggregate", "40", "7"), List.of("find", "15", "4"), List.of("insert", "6", "1"));
        assertThat(trend()).hasSize(7);

        // every version again, still 7 days
        choose("version", "");
        assertThat(driver.getCurrentUrl()).contains("days=7");
        assertThat(cards()).containsExactly("2", "4", "5", "4");
        assertThat(rows("#gaps tr.gap").get(0)).containsExactly("find", "$where", "NotImplemented", "238", "unsupported", "3", "8",
                t20.toString(), t);
        assertThat(rows("#commands tr.command").get(0).subList(0, 3)).containsExactly("find", "55", "8");

        assertThat(png).exists();
    }

    // ---- the installed base ----

    /** One installation: what it runs and where it is. */
    private record Installation(UUID uuid, UUID run, String version, String backend, String type, String java, String os,
                                String arch, String telemetry, GeoInfo geo) {
        Installation(String version, String backend, String type, String java, String os, String arch, String telemetry, GeoInfo geo) {
            this(UUID.randomUUID(), UUID.randomUUID(), version, backend, type, java, os, arch, telemetry, geo);
        }
    }

    private void seed() throws Exception {
        GeoInfo de = new GeoInfo(3320L, "Deutsche Telekom AG", "DE", null, null);
        GeoInfo usAws = new GeoInfo(16509L, "AMAZON-02", "US", GeoInfo.AWS, "us-east-1");
        GeoInfo us = new GeoInfo(7922L, "Comcast Cable Communications, LLC", "US", null, null);
        GeoInfo fr = new GeoInfo(3215L, "Orange S.A.", "FR", null, null);
        Installation a = new Installation("1.0.0", "memory", "docker", "21.0.5", "Linux", "amd64", "enabled", de);
        Installation b = new Installation("1.0.0", "postgresql", "package", "17.0.15", "Linux", "amd64", "enabled", usAws);
        Installation c = new Installation("0.9.0", "memory", "docker", "17.0.15", "Linux", "aarch64", "undecided", us);
        Installation d = new Installation("0.9.0", "postgresql", "self-built", "21.0.5", "Mac OS X", "aarch64", "enabled", fr);
        Installation e = new Installation("0.9.0", "memory", "package", "11.0.22", "Windows 10", "amd64", "enabled", GeoInfo.NONE);

        // counts are cumulative per run: A's second report adds find 20 (3 failing), insert 3
        report(a, 1, 20, Map.of("find", new long[]{10, 2}, "insert", new long[]{5, 0}),
                List.of(gap("find", "$where", "NotImplemented", 238, 2)));
        report(e, 1, 20, Map.of("find", new long[]{8, 3}, "aggregate", new long[]{4, 2}),
                List.of(gap("find", "$where", "NotImplemented", 238, 3), gap("aggregate", "$function", "InvalidPipelineOperator", 168, 2)));
        report(b, 1, 3, Map.of("find", new long[]{20, 1}, "insert", new long[]{4, 0}),
                List.of(gap("find", "$where", "NotImplemented", 238, 1)));
        report(d, 1, 3, Map.of("aggregate", new long[]{40, 7}, "find", new long[]{3, 0}),
                List.of(gap("aggregate", "$function", "InvalidPipelineOperator", 168, 7)));
        report(a, 2, 0, Map.of("find", new long[]{30, 5}, "insert", new long[]{8, 0}),
                List.of(gap("find", "$where", "NotImplemented", 238, 5)));
        report(c, 1, 0, Map.of("find", new long[]{12, 4}, "insert", new long[]{6, 1}),
                List.of(gap("find", "$where", "NotImplemented", 238, 4), gap("insert", "unknown", "DuplicateKey", 11000, 1)));
    }

    private static Map<String, Object> gap(String command, String operator, String error, int code, long count) {
        return Reports.result(command, operator, error, code, count);
    }

    /**
     * Stores a report of {@code i} as received {@code daysAgo} days before today. {@code commands}:
     * name -> {count, failures}; the failing results of a command add up to its failures, the rest is ok.
     */
    @SuppressWarnings("unchecked")
    private void report(Installation i, long sequence, int daysAgo, Map<String, long[]> commands, List<Map<String, Object>> failing)
            throws Exception {
        Map<String, Object> r = Reports.valid(i.uuid(), i.run(), sequence);
        Map<String, Object> app = (Map<String, Object>) r.get("app");
        app.put("version", i.version());
        app.put("backend", i.backend());
        app.put("installation_type", i.type());
        Map<String, Object> runtime = (Map<String, Object>) r.get("runtime");
        runtime.put("java_version", i.java());
        runtime.put("os", i.os());
        runtime.put("arch", i.arch());
        r.put("telemetry", i.telemetry());
        r.put("uptime_s", 3600 * sequence);
        Map<String, Object> cmds = new LinkedHashMap<>();
        List<Object> results = new ArrayList<>();
        for (Map.Entry<String, long[]> c : new java.util.TreeMap<>(commands).entrySet()) {
            long count = c.getValue()[0];
            long failures = c.getValue()[1];
            // 60% under 256 µs, 30% under 1 ms, the rest under 4 ms; a mean of 300 µs
            long[] h = new long[13];
            h[8] = count * 6 / 10;
            h[10] = count * 3 / 10;
            h[12] = count - h[8] - h[10];
            Map<String, Object> cmd = Reports.command(count, failures, h);
            cmd.put("total_us", count * 300);
            cmds.put(c.getKey(), cmd);
            if (count > failures) {
                results.add(Reports.result(c.getKey(), "unknown", "ok", null, count - failures));
            }
        }
        results.addAll(failing);
        r.put("commands", cmds);
        r.put("results", results);
        Instant at = today.minusDays(daysAgo).atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
        beacon.store().ingest(new ReportParser().parse(Reports.bytes(r)), i.geo(), at);
        beacon.store().fold(); // the page reads what the background fold put in; here at once
    }

    // ---- the beacon and the browser ----

    private static void requireBrowser() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
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

    private void startBeacon() throws Exception {
        beacon = TestBeacon.start(tmp, "h2", "--admin-token", TOKEN);
        base = "http://127.0.0.1:" + beacon.server().port();
    }

    private void startBrowser() throws Exception {
        // executeCdpCommand goes through chromedriver; no selenium-devtools module is needed for this browser's version
        CDP_LOG.setLevel(Level.SEVERE);
        Path shots = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
        Files.deleteIfExists(shots.resolve("failure.png"));
        Files.deleteIfExists(shots.resolve("failure.html"));
        Path logs = shots.toAbsolutePath().getParent();
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()) // given: Selenium Manager is never asked
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .withLogFile(logs.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1800", "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")));
        o.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        o.setPageLoadTimeout(WAIT);
        o.setScriptTimeout(WAIT);
        o.setImplicitWaitTimeout(Duration.ZERO);
        driver = new ChromeDriver(service, o, ClientConfig.defaultConfig()
                .connectionTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(90)));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- reading the page ----

    private void login(String token) {
        WebElement form = driver.findElement(By.id("login"));
        WebElement input = form.findElement(By.name("token"));
        input.clear();
        input.sendKeys(token);
        submit(form);
    }

    /** Chooses a value in the filter's select and submits the form, as a user would. */
    private void choose(String select, String value) {
        WebElement form = driver.findElement(By.id("filter"));
        Select s = new Select(form.findElement(By.name(select)));
        assertThat(options(select)).as("the choices of " + select).contains(value);
        s.selectByValue(value);
        submit(form);
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("active-1")));
    }

    /**
     * Clicks the form's button and waits for the next page to have loaded. A mark on the old page's
     * window tells the pages apart; waiting for the old elements to go stale instead races with the
     * navigation in chromedriver ("Node with given id does not belong to the document").
     */
    private void submit(WebElement form) {
        driver.executeScript("window.beforeSubmit = true;");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, WAIT).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return window.beforeSubmit === undefined && document.readyState === 'complete';")));
    }

    private String selected(String select) {
        return new Select(driver.findElement(By.cssSelector("#filter select[name=" + select + "]"))).getFirstSelectedOption()
                .getDomProperty("value");
    }

    private List<String> options(String select) {
        return new Select(driver.findElement(By.cssSelector("#filter select[name=" + select + "]"))).getOptions().stream()
                .map(e -> e.getDomProperty("value")).toList();
    }

    private List<String> cards() {
        return List.of("active-1", "active-7", "active-30", "active-period").stream()
                .map(id -> driver.findElement(By.id(id)).getText()).toList();
    }

    /** The cells' visible text, row by row. */
    private List<List<String>> rows(String css) {
        return driver.findElements(By.cssSelector(css)).stream()
                .map(tr -> tr.findElements(By.cssSelector("td, th")).stream().map(WebElement::getText).toList()).toList();
    }

    /** The trend's columns, day -> installations, from each column's title. */
    private Map<String, String> trend() {
        Map<String, String> out = new LinkedHashMap<>();
        for (WebElement title : driver.findElements(By.cssSelector("#trend rect title"))) {
            String[] dayAndCount = title.getDomProperty("textContent").split(": ");
            out.put(dayAndCount[0], dayAndCount[1]);
        }
        return out;
    }

    private void assertNoHorizontalOverflow() {
        Object widths = driver.executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) widths;
        assertThat(w.get(0).longValue()).as("page width %s in a window of %s", w.get(0), w.get(1)).isLessThanOrEqualTo(w.get(1).longValue());
    }

    /** On a failure, what the browser showed: target/screenshots/failure.png and failure.html. */
    private void saveFailure() {
        try {
            Path dir = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
            Files.write(dir.resolve("failure.png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve("failure.html"), driver.getPageSource());
            System.err.println("DashboardBrowserIT: failed at " + driver.getCurrentUrl() + "; see " + dir.resolve("failure.png"));
        } catch (Exception | AssertionError e) {
            System.err.println("DashboardBrowserIT: could not save the failure's screenshot: " + e);
        }
    }

    /** The whole page, not only the window, as PNG in target/screenshots (kept as the build's artifact). */
    @SuppressWarnings("unchecked")
    private Path screenshot(String name) throws Exception {
        Path dir = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
        byte[] png;
        try {
            // the document's own size: the window's 1800 px would add empty background below a shorter page
            List<Number> size = (List<Number>) driver.executeScript("var r = document.documentElement.getBoundingClientRect();"
                    + " return [document.documentElement.clientWidth, Math.ceil(r.height)];");
            Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get(0), "height", size.get(1), "scale", 1);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                    Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            png = Base64.getDecoder().decode((String) shot.get("data"));
        } catch (RuntimeException e) {
            System.err.println("DashboardBrowserIT: no full-page capture (" + e + "); the window only");
            png = driver.getScreenshotAs(OutputType.BYTES);
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG").isNotNull();
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
        Path file = dir.resolve(name);
        Files.write(file, png);
        System.out.println("DashboardBrowserIT: screenshot " + file.toAbsolutePath() + " (" + image.getWidth() + "x" + image.getHeight() + ")");
        return file;
    }
}
