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
 * stopped together. The retention thread first warms the dashboard up.
 */
public final class Beacon implements AutoCloseable {
    private final Store store;
    private final BeaconServer server;
    private final ScheduledExecutorService retention;
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
        this.retention = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "beacon-retention");
            t.setDaemon(true);
            return t;
        });
        retention.execute(() -> {
            try {
                server.warmUpDashboard();
            } catch (Exception e) {
                // only a slower first page; the dashboard reports its own errors when asked
            }
        });
        long keep = o.retention().toMillis();
        retention.scheduleWithFixedDelay(() -> {
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
        retention.shutdownNow();
        server.close();
        store.close();
    }
}
