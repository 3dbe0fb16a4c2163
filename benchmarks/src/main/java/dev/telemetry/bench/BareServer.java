package dev.telemetry.bench;

import io.javalin.Javalin;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The beacon's HTTP server (Javalin on Jetty, as the beacon configures it) with nothing behind it: a
 * {@code POST /v1/report} that reads the body and answers 201 with a reply of the beacon's shape, and a
 * {@code GET /health}. What {@link BeaconLoad} reaches against it on the same machine is the floor of
 * any beacon's figure there: HTTP, loopback and the load generator, no parsing and no database.
 * {@code java -cp beacon.jar:benchmarks.jar dev.telemetry.bench.BareServer PORT} (Javalin comes from beacon.jar).
 */
public final class BareServer {
    private static final byte[] REPLY = ("{\"latest_version\":\"\",\"update_info\":\"\",\"update_available\":false,"
            + "\"security_update\":false}").getBytes(StandardCharsets.UTF_8);

    private BareServer() {}

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        app.post("/v1/report", ctx -> {
            try (InputStream in = ctx.bodyInputStream()) {
                in.readNBytes(256 * 1024 + 1);
            }
            ctx.status(201).contentType("application/json").result(REPLY);
        });
        app.get("/health", ctx -> ctx.result("ok"));
        app.start("127.0.0.1", port);
    }
}
