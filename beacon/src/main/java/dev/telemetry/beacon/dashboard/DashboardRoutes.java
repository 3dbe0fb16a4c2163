package dev.telemetry.beacon.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.telemetry.beacon.http.RateLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /} (the page), {@code GET /api/dashboard} (the same data as JSON) and {@code POST /login}.
 * Without the admin token both answer 401 with no data; with no token configured the dashboard is off (404).
 */
public final class DashboardRoutes {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule().addSerializer(LocalDate.class, ToStringSerializer.instance));
    private static final String OFF = "the dashboard is off: start the beacon with --admin-token";

    private final DashboardQuery query;
    private final AdminAuth auth;
    private final Clock clock;
    // guessing the token through the form is limited like reports are, per address
    private final RateLimiter logins = new RateLimiter(10);

    private final Function<Context, InetAddress> clientAddress;

    private DashboardRoutes(DashboardQuery query, String token, Clock clock, Function<Context, InetAddress> clientAddress) {
        this.query = query;
        this.clientAddress = clientAddress;
        this.auth = query == null || token.isEmpty() ? null : new AdminAuth(token);
        this.clock = clock;
    }

    /**
     * {@code query} null or {@code token} empty: the dashboard is off. {@code clientAddress}: the address login
     * attempts are limited by (behind a trusted proxy, the forwarded one).
     */
    public static void register(Javalin app, DashboardQuery query, String token, Clock clock,
                                Function<Context, InetAddress> clientAddress) {
        DashboardRoutes r = new DashboardRoutes(query, token, clock, clientAddress);
        app.get("/", r::page);
        app.get("/api/dashboard", r::api);
        app.post("/login", r::login);
    }

    private void page(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store");
        if (auth == null) {
            ctx.status(404).contentType("text/plain").result(OFF);
            return;
        }
        if (!auth.allowed(ctx)) {
            ctx.status(401).html(DashboardPage.login(""));
            return;
        }
        Filter f;
        try {
            f = filter(ctx);
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("text/plain").result(e.getMessage());
            return;
        }
        ctx.html(DashboardPage.render(query.read(f)));
    }

    private void api(Context ctx) throws Exception {
        ctx.header("Cache-Control", "no-store");
        if (auth == null) {
            error(ctx, 404, OFF);
            return;
        }
        if (!auth.allowed(ctx)) {
            error(ctx, 401, "the admin token is required: Authorization: Bearer <token>");
            return;
        }
        Filter f;
        try {
            f = filter(ctx);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        ctx.contentType("application/json").result(JSON.writeValueAsBytes(query.read(f)));
    }

    private void login(Context ctx) throws Exception {
        if (auth == null) {
            ctx.status(404).contentType("text/plain").result(OFF);
            return;
        }
        if (!logins.allow(clientAddress.apply(ctx))) {
            ctx.status(429).html(DashboardPage.login("Too many attempts; try again in a minute."));
            return;
        }
        if (!auth.matches(ctx.formParam("token"))) {
            ctx.status(401).html(DashboardPage.login("That is not the admin token."));
            return;
        }
        ctx.header("Set-Cookie", auth.sessionCookie());
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Filter filter(Context ctx) {
        return Filter.parse(ctx.queryParam("app"), ctx.queryParam("version"), ctx.queryParam("days"), LocalDate.now(clock));
    }

    private static void error(Context ctx, int status, String message) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(Map.of("error", message)));
    }
}
