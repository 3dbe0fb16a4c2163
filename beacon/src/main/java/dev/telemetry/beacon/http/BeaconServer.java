package dev.telemetry.beacon.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.beacon.geo.ClientAddress;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.geo.GeoResolver;
import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.beacon.ingest.ReportParser;
import dev.telemetry.beacon.releases.Releases;
import dev.telemetry.beacon.releases.ReleasesFile;
import dev.telemetry.beacon.store.Store;
import dev.telemetry.beacon.dashboard.DashboardQuery;
import dev.telemetry.beacon.dashboard.DashboardRoutes;
import dev.telemetry.beacon.dashboard.Filter;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import dev.telemetry.beacon.ops.BeaconMetrics;
import dev.telemetry.beacon.ops.Health;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The HTTP side: {@code POST /v1/report} (public), {@code GET /health}, and the dashboard behind the
 * admin token ({@link DashboardRoutes}). Limits come first (size,
 * rate), then validation, derivation from the address (which goes no further than here), storage,
 * and the version answer. No request is logged.
 */
public final class BeaconServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;
    private final ReleasesFile releases;
    private final GeoResolver geo;
    private final ClientAddress clientAddress;
    private final RateLimiter limiter;
    private final ReportParser parser = new ReportParser();
    private final Javalin app;
    private final DashboardQuery dashboard;
    private volatile Consumer<Report> listener = r -> { };
    private final BeaconMetrics metrics;
    private final Health health;

    public BeaconServer(Store store, ReleasesFile releases, GeoResolver geo, ClientAddress clientAddress, int ratePerMinute,
                        String adminToken, BeaconMetrics metrics, Duration healthTimeout) {
        this.store = store;
        this.metrics = metrics;
        this.health = new Health(store, healthTimeout);
        this.releases = releases;
        this.geo = geo;
        this.clientAddress = clientAddress;
        this.limiter = new RateLimiter(ratePerMinute);
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.http.maxRequestSize = 4L * ReportParser.MAX_BYTES; // the handler reads at most MAX_BYTES + 1 itself
        });
        app.post("/v1/report", this::report);
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType(BeaconMetrics.CONTENT_TYPE).result(metrics.scrape()));
        app.exception(Exception.class, (e, ctx) -> {
            if (ctx.path().equals("/v1/report")) {
                metrics.refusedOne("error");
            }
            System.err.println("beacon: " + ctx.method() + " " + ctx.path() + " failed: " + e);
            ctx.status(500).contentType("application/json").result("{\"error\":\"the beacon could not handle this request\"}");
        });
        this.dashboard = adminToken.isEmpty() ? null : new DashboardQuery(store, releases::current);
        DashboardRoutes.register(app, dashboard, adminToken, Clock.systemUTC(), this::client);
    }

    /**
     * Reads the dashboard's default view once, so the first person to open it does not wait for the
     * JIT and a cold database cache (over a second with 100,000 installations). Nothing when it is off.
     */
    public void warmUpDashboard() throws Exception {
        if (dashboard != null) {
            dashboard.read(Filter.parse(null, null, null, LocalDate.now(ZoneOffset.UTC)));
        }
    }

    /** Told about every stored report (the demo prints them). */
    public void onReport(Consumer<Report> l) {
        this.listener = l;
    }

    public BeaconServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public Javalin javalin() {
        return app;
    }

    private void report(Context ctx) throws Exception {
        InetAddress client = client(ctx);
        if (!limiter.allow(client)) {
            metrics.refusedOne("rate_limited");
            error(ctx, 429, "too many reports from this address; try again in a minute");
            return;
        }
        byte[] body;
        try (InputStream in = ctx.bodyInputStream()) {
            body = in.readNBytes(ReportParser.MAX_BYTES + 1);
        } catch (IOException e) {
            metrics.refusedOne("unreadable");
            error(ctx, 400, "the body could not be read");
            return;
        }
        Report report;
        Store.Outcome outcome;
        // announced once its body is here (parsing is CPU, not the network): the batch being stored waits for it
        try (Store.Arrival arrival = store.arrive()) {
            try {
                report = parser.parse(body);
            } catch (ReportParser.Rejected e) {
                metrics.refusedOne(e.reason());
                error(ctx, 400, e.getMessage());
                return;
            }
            GeoInfo derived = geo.resolve(client);
            long t0 = System.nanoTime();
            outcome = arrival.ingest(report, derived, Instant.now());
            metrics.ingest().record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
        if (outcome == Store.Outcome.STORED) {
            metrics.stored();
        } else {
            metrics.stale();
        }
        Releases.Answer answer = releases.current().answer(report.appName(), report.appVersion());
        ctx.status(201).contentType("application/json").result(replyBytes(answer));
        listener.accept(report);
    }

    /** The last answer and its JSON: nearly every report of a fleet gets the same answer, so it is written once. */
    private record Reply(Releases.Answer answer, byte[] json) {}

    private volatile Reply lastReply;

    private byte[] replyBytes(Releases.Answer answer) throws IOException {
        Reply last = lastReply;
        if (last != null && last.answer().equals(answer)) {
            return last.json();
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("latest_version", answer.latestVersion());
        reply.put("update_info", answer.updateInfo());
        reply.put("update_available", answer.updateAvailable());
        reply.put("security_update", answer.securityUpdate());
        byte[] json = JSON.writeValueAsBytes(reply);
        lastReply = new Reply(answer, json);
        return json;
    }

    private void health(Context ctx) throws IOException {
        Health.Status s = health.check();
        ctx.header("Cache-Control", "no-store");
        ctx.status(s.up() ? 200 : 503).contentType("application/json").result(JSON.writeValueAsBytes(s.json()));
    }

    /** The client's address, from X-Forwarded-For when the peer is a trusted proxy. */
    private InetAddress client(Context ctx) {
        return clientAddress.resolve(ctx.ip(), ctx.header("X-Forwarded-For"));
    }

    private static void error(Context ctx, int status, String message) throws IOException {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(Map.of("error", message)));
    }

    @Override
    public void close() {
        app.stop();
    }
}
