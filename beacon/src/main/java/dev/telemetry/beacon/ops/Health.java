package dev.telemetry.beacon.ops;

import dev.telemetry.beacon.store.Store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /health}: whether this beacon can do its work, which is whether its database answers
 * (within a bounded time, so a load balancer's check never hangs), and how far the dashboard is
 * behind. 200 with {@code "status": "ok"}, or 503 with {@code "status": "unavailable"} and the reason.
 */
public final class Health {
    private final Store store;
    private final Duration timeout;
    // one thread: checks queue behind a hung one rather than piling up connections
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "beacon-health");
        t.setDaemon(true);
        return t;
    });

    public Health(Store store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    public record Status(boolean up, Map<String, Object> json) {}

    public Status check() {
        Map<String, Object> out = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Future<Store.Freshness> f = checks.submit(() -> {
            store.ping((int) Math.max(1, timeout.toSeconds()));
            return store.freshness();
        });
        try {
            Store.Freshness fresh = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            out.put("status", "ok");
            out.put("database", "ok");
            out.put("database_ms", (System.nanoTime() - t0) / 1_000_000);
            out.put("pending_rows", fresh.pendingRows());
            out.put("fold_lag_seconds", fresh.lagSeconds(Instant.now()));
            return new Status(true, out);
        } catch (TimeoutException e) {
            f.cancel(true);
            return down(out, "does not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(out, "the check was interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return down(out, "error: " + cause.getMessage());
        }
    }

    private static Status down(Map<String, Object> out, String why) {
        out.put("status", "unavailable");
        out.put("database", why);
        return new Status(false, out);
    }
}
