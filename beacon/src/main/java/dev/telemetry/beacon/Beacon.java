package dev.telemetry.beacon;

import dev.telemetry.beacon.geo.CloudRanges;
import dev.telemetry.beacon.geo.GeoResolver;
import dev.telemetry.beacon.geo.MaxMindLookup;
import dev.telemetry.beacon.http.BeaconServer;
import dev.telemetry.beacon.releases.ReleasesFile;
import dev.telemetry.beacon.store.Store;

import java.nio.file.Files;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running beacon: database, releases, derivation, HTTP and the retention schedule, started and
 * stopped together, with the background work: warming the dashboard up, folding reports into its
 * tables every second, and retention every six hours.
 */
public final class Beacon implements AutoCloseable {
    private final Store store;
    private final BeaconServer server;
    /** How often reports' additions are folded into the dashboard's tables (Store.fold); reading the dashboard folds too. */
    private static final long FOLD_EVERY_MS = 1000;
    private final ScheduledExecutorService background;
    private final String database;

    public Beacon(BeaconOptions o) throws Exception {
        String url = o.jdbcUrl();
        if (o.get("db").isEmpty()) {
            Files.createDirectories(o.path("data-dir"));
        }
        this.database = url.startsWith("jdbc:h2:") ? "embedded H2 in " + o.path("data-dir").toAbsolutePath().normalize() : url.replaceAll("password=[^&;]*", "password=***");
        this.store = new Store(url, o.get("db-user").isEmpty() ? null : o.get("db-user"),
                o.get("db-password").isEmpty() ? null : o.get("db-password"));
        GeoResolver geo = new GeoResolver(MaxMindLookup.open(o.path("geo-asn"), o.path("geo-country")),
                CloudRanges.load(o.path("aws-ranges"), o.path("gcp-ranges")));
        ReleasesFile releases = new ReleasesFile(o.path("releases") != null ? o.path("releases") : o.path("data-dir").resolve("releases.json"));
        this.server = new BeaconServer(store, releases, geo, o.trustedProxies(), Integer.parseInt(o.get("rate-limit")),
                o.get("admin-token"))
                .start(o.host(), o.port());
        // two daemon threads: folding every second is not held up by a long retention run
        this.background = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "beacon-background");
            t.setDaemon(true);
            return t;
        });
        background.execute(() -> {
            try {
                server.warmUpDashboard();
            } catch (Exception e) {
                // only a slower first page; the dashboard reports its own errors when asked
            }
        });
        background.scheduleWithFixedDelay(() -> {
            try {
                store.fold();
            } catch (Exception e) {
                System.err.println("beacon: folding reports into the dashboard failed (tried again in a second): " + e);
            }
        }, FOLD_EVERY_MS, FOLD_EVERY_MS, TimeUnit.MILLISECONDS);
        long keep = o.retention().toMillis();
        background.scheduleWithFixedDelay(() -> {
            try {
                store.deleteRunsBefore(Instant.now().minusMillis(keep));
            } catch (Exception e) {
                System.err.println("beacon: retention failed: " + e);
            }
        }, 0, 6, TimeUnit.HOURS);
    }

    public BeaconServer server() {
        return server;
    }

    public Store store() {
        return store;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port() + "/v1/report";
    }

    public String database() {
        return database;
    }

    @Override
    public void close() {
        background.shutdownNow();
        try {
            // a fold in flight finishes (or rolls back) before its database goes
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        store.close();
    }
}
