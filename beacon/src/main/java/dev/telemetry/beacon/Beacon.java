package dev.telemetry.beacon;

import dev.telemetry.beacon.geo.ClientAddress;
import dev.telemetry.beacon.geo.GeoResolver;
import dev.telemetry.beacon.http.BeaconServer;
import dev.telemetry.beacon.ops.BeaconMetrics;
import dev.telemetry.beacon.releases.ReleasesFile;
import dev.telemetry.beacon.store.Store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running beacon: database, releases, derivation, HTTP and the retention schedule, started and
 * stopped together, with the background work: warming the dashboard up, folding reports into its
 * tables (every {@code --fold-interval}), watching the releases file, and retention every six hours.
 *
 * <p>Start-up goes in three steps, each refusing in one line: the options' files are read and checked
 * ({@link StartupInputs}, {@link BeaconOptions.Invalid}, nothing created yet), then the database
 * ({@link Unavailable} when it does not answer within {@code --db-timeout}), then the listening socket.
 */
public final class Beacon implements AutoCloseable {
    /**
     * The beacon could not start for a reason outside its options (the database does not answer,
     * the port is taken): one line, exit code 1.
     */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Store store;
    private final GeoResolver geo;
    private final BeaconServer server;
    private final ScheduledExecutorService background;
    private final String database;
    private final BeaconMetrics metrics = new BeaconMetrics();

    public Beacon(BeaconOptions o) throws Exception {
        StartupInputs inputs = StartupInputs.read(o);
        this.geo = inputs.geo();
        this.database = o.embedded() ? "embedded H2 in " + o.dataDir().toAbsolutePath().normalize() : masked(o.db());
        Store opened = null;
        try {
            opened = Store.open(o.jdbcUrl(), o.dbUser(), o.dbPassword(), o.dbPool(), o.dbTimeout(), database, metrics.registry(),
                    o.ingestThreads());
            this.store = opened;
            metrics.watchPending(() -> {
                try {
                    Store.Freshness f = store.freshness();
                    return new BeaconMetrics.Pending(f.pendingRows(), f.lagSeconds(Instant.now()));
                } catch (Exception e) {
                    return new BeaconMetrics.Pending(-1, -1);
                }
            });
            ReleasesFile releases = inputs.releases();
            this.server = new BeaconServer(store, releases, geo, new ClientAddress(o.trustedProxies()), o.rateLimit(),
                    o.adminToken(), metrics, o.dbTimeout());
            try {
                server.start(o.host(), o.port());
            } catch (RuntimeException e) {
                throw new Unavailable("cannot listen on " + o.host() + ":" + o.port() + " (--listen): " + rootMessage(e), e);
            }
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            closeQuietly(geo);
            throw e;
        }
        // two daemon threads: folding is not held up by a long retention run
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
        long fold = o.foldInterval().toMillis();
        background.scheduleWithFixedDelay(() -> {
            try {
                long t0 = System.nanoTime();
                int n = store.fold();
                metrics.folded(System.nanoTime() - t0, n);
            } catch (Exception e) {
                metrics.foldFailed();
                System.err.println("beacon: folding reports into the dashboard failed (tried again in " + o.foldInterval().toMillis()
                        + " ms): " + e);
            }
        }, fold, fold, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(new ReleasesWatch(inputs.releases()), 1, 1, TimeUnit.SECONDS);
        long keep = o.retention().toMillis();
        background.scheduleWithFixedDelay(() -> {
            try {
                store.deleteRunsBefore(Instant.now().minusMillis(keep));
            } catch (Exception e) {
                System.err.println("beacon: retention failed: " + e);
            }
        }, 0, 6, TimeUnit.HOURS);
    }

    /** Re-reads the releases file when it changes; a bad new version is logged once and the last good one kept. */
    private static final class ReleasesWatch implements Runnable {
        private final ReleasesFile file;
        private String logged;

        ReleasesWatch(ReleasesFile file) {
            this.file = file;
        }

        @Override
        public void run() {
            file.current();
            Optional<String> error = file.lastError();
            if (error.isPresent() && !error.get().equals(logged)) {
                System.err.println("beacon: " + error.get());
            }
            logged = error.orElse(null);
        }
    }

    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).replaceAll("\\s+", " ").trim();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // start-up failed already; that is the line the user sees
        }
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

    public BeaconMetrics metrics() {
        return metrics;
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
        closeQuietly(geo);
    }
}
