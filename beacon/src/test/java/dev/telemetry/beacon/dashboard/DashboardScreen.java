package dev.telemetry.beacon.dashboard;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard as a user sees it in a real browser (the page object of {@link DashboardBrowserIT}):
 * the login form, the filter, the cards, the tables and the charts, read as their visible text.
 */
final class DashboardScreen implements AutoCloseable {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Held, so that the level set on it stays. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final String base;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private DashboardScreen(String base, ChromeDriverService service, ChromeDriver driver) {
        this.base = base;
        this.service = service;
        this.driver = driver;
    }

    /** Debian's headless Chromium through its chromedriver; nothing is downloaded (no Selenium Manager). */
    static DashboardScreen start(String base, Path profileDir) throws Exception {
        // executeCdpCommand goes through chromedriver; no selenium-devtools module is needed for this browser's version
        CDP_LOG.setLevel(Level.SEVERE);
        Path shots = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
        Files.deleteIfExists(shots.resolve("failure.png"));
        Files.deleteIfExists(shots.resolve("failure.html"));
        Path logs = shots.toAbsolutePath().getParent();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()) // given: Selenium Manager is never asked
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .withLogFile(logs.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1400,1800", "--user-data-dir=" + Files.createDirectories(profileDir));
        o.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        o.setPageLoadTimeout(WAIT);
        o.setScriptTimeout(WAIT);
        o.setImplicitWaitTimeout(Duration.ZERO);
        try {
            ChromeDriver driver = new ChromeDriver(service, o, ClientConfig.defaultConfig()
                    .connectionTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(90)));
            return new DashboardScreen(base, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }

    /** Loads a page of the beacon, such as {@code /?version=0.9.0}. */
    void open(String path) {
        driver.get(base + path);
    }

    /** Forgets the session: the next page asks for the token again. */
    void logOut() {
        driver.manage().deleteAllCookies();
    }

    /** Logs in unless the session still holds; then on the default view. */
    void loggedIn(String token) {
        open("/");
        if (hasLoginForm()) {
            login(token);
            waitForTheDashboard();
        }
    }

    boolean hasLoginForm() {
        return !driver.findElements(By.cssSelector("#login input[name=token]")).isEmpty();
    }

    boolean showsTheDashboard() {
        return !driver.findElements(By.id("active-1")).isEmpty();
    }

    void waitForTheDashboard() {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("active-1")));
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String source() {
        return driver.getPageSource();
    }

    String mainText() {
        return driver.findElement(By.tagName("main")).getText();
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    List<List<String>> gaps() {
        return rows("#gaps tr.gap");
    }

    List<List<String>> commands() {
        return rows("#commands tr.command");
    }

    /** The versions table's rows, its heading first. */
    List<List<String>> versions() {
        return rows("#versions tr");
    }

    int trendBars() {
        return driver.findElements(By.cssSelector("#trend rect.bar")).size();
    }

    /** The charts of one breakdown ({@code backend}, {@code country}, ...): one each. */
    int charts(String dimension) {
        return driver.findElements(By.cssSelector("#by-" + dimension + " svg")).size();
    }

    String chartText(String dimension) {
        return driver.findElement(By.cssSelector("#by-" + dimension + " svg")).getText();
    }

    void login(String token) {
        WebElement form = driver.findElement(By.id("login"));
        WebElement input = form.findElement(By.name("token"));
        input.clear();
        input.sendKeys(token);
        submit(form);
    }

    /** Chooses a value in the filter's select and submits the form, as a user would. */
    void choose(String select, String value) {
        WebElement form = driver.findElement(By.id("filter"));
        Select s = new Select(form.findElement(By.name(select)));
        assertThat(options(select)).as("the choices of " + select).contains(value);
        s.selectByValue(value);
        submit(form);
        waitForTheDashboard();
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

    String selected(String select) {
        return new Select(driver.findElement(By.cssSelector("#filter select[name=" + select + "]"))).getFirstSelectedOption()
                .getDomProperty("value");
    }

    List<String> options(String select) {
        return new Select(driver.findElement(By.cssSelector("#filter select[name=" + select + "]"))).getOptions().stream()
                .map(e -> e.getDomProperty("value")).toList();
    }

    List<String> cards() {
        return List.of("active-1", "active-7", "active-30", "active-period").stream()
                .map(id -> driver.findElement(By.id(id)).getText()).toList();
    }

    /** The cells' visible text, row by row. */
    List<List<String>> rows(String css) {
        return driver.findElements(By.cssSelector(css)).stream()
                .map(tr -> tr.findElements(By.cssSelector("td, th")).stream().map(WebElement::getText).toList()).toList();
    }

    /** The trend's columns, day -> installations, from each column's title. */
    Map<String, String> trend() {
        Map<String, String> out = new LinkedHashMap<>();
        for (WebElement title : driver.findElements(By.cssSelector("#trend rect title"))) {
            String[] dayAndCount = title.getDomProperty("textContent").split(": ");
            out.put(dayAndCount[0], dayAndCount[1]);
        }
        return out;
    }

    void assertNoHorizontalOverflow() {
        Object widths = driver.executeScript(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) widths;
        assertThat(w.get(0).longValue()).as("page width %s in a window of %s", w.get(0), w.get(1)).isLessThanOrEqualTo(w.get(1).longValue());
    }

    /** On a failure, what the browser showed: target/screenshots/failure.png and failure.html. */
    void saveFailure() {
        try {
            Path dir = Files.createDirectories(Paths.get(System.getProperty("screenshots.dir", "target/screenshots")));
            Files.write(dir.resolve("failure.png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve("failure.html"), driver.getPageSource());
            System.err.println("DashboardScreen: failed at " + driver.getCurrentUrl() + "; see " + dir.resolve("failure.png"));
        } catch (Exception | AssertionError e) {
            System.err.println("DashboardScreen: could not save the failure's screenshot: " + e);
        }
    }

    /** The whole page, not only the window, as PNG in target/screenshots (kept as the build's artifact). */
    @SuppressWarnings("unchecked")
    Path screenshot(String name) throws Exception {
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
            System.err.println("DashboardScreen: no full-page capture (" + e + "); the window only");
            png = driver.getScreenshotAs(OutputType.BYTES);
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG").isNotNull();
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
        Path file = dir.resolve(name);
        Files.write(file, png);
        System.out.println("DashboardScreen: screenshot " + file.toAbsolutePath() + " (" + image.getWidth() + "x" + image.getHeight() + ")");
        return file;
    }
}
