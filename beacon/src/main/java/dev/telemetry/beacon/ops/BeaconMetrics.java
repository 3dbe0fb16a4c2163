package dev.telemetry.beacon.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The beacon's own numbers for an operator, in Prometheus text format at {@code GET /metrics}
 * (Micrometer's Prometheus registry): reports stored, stale and refused by reason, ingest latency,
 * folding, the pending additions and how far behind the aggregates are, the connection pool (HikariCP
 * registers its meters here), and the JVM. The names are listed in docs/beacon.md.
 */
public final class BeaconMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Counter stored;
    private final Counter stale;
    private final Timer ingest;
    private final Timer fold;
    private final Counter folded;
    private final Counter foldFailures;

    public BeaconMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        stored = Counter.builder("beacon.reports.accepted").tag("outcome", "stored")
                .description("reports answered 201: stored").register(registry);
        stale = Counter.builder("beacon.reports.accepted").tag("outcome", "stale")
                .description("reports answered 201: a replay or an older sequence, nothing changed").register(registry);
        for (String reason : new String[]{"rate_limited", "too_large", "malformed", "schema_version", "invalid", "unreadable", "error"}) {
            refused(reason); // every reason shows from the start, at 0
        }
        ingest = Timer.builder("beacon.ingest").description("storing one report: its transaction, from the parsed report to the commit")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        fold = Timer.builder("beacon.fold").description("one fold of pending additions into the dashboard's tables")
                .register(registry);
        folded = Counter.builder("beacon.fold.reports").description("reports' additions folded in by this beacon").register(registry);
        foldFailures = Counter.builder("beacon.fold.failures").description("folds that failed (retried at the next interval)")
                .register(registry);
    }

    /** The registry HikariCP and the gauges below register with. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The pending additions (counted across every beacon on the database) and the age of the oldest. */
    public void watchPending(Supplier<Pending> pending) {
        Supplier<Pending> cached = new Cached<>(pending, 1000);
        Gauge.builder("beacon.pending.rows", () -> cached.get().rows())
                .description("rows of pending_changes: stored reports' additions not folded into the dashboard's tables yet (one per report, a few for a very large one)").register(registry);
        Gauge.builder("beacon.fold.lag.seconds", () -> cached.get().lagSeconds())
                .description("age of the oldest pending report: how far the dashboard is behind (0: up to date)").register(registry);
    }

    /** What is waiting to be folded; -1 each when the database could not be asked. */
    public record Pending(long rows, double lagSeconds) {}

    public void stored() {
        stored.increment();
    }

    public void stale() {
        stale.increment();
    }

    /** {@code reason}: rate_limited, too_large, malformed, schema_version, invalid, unreadable or error. */
    public void refused(String reason) {
        refused.computeIfAbsent(reason, r -> Counter.builder("beacon.reports.refused").tag("reason", r)
                .description("reports refused, by reason (error: the beacon failed, answered 500)").register(registry)).increment(0);
    }

    public void refusedOne(String reason) {
        refused(reason);
        refused.get(reason).increment();
    }

    public Timer ingest() {
        return ingest;
    }

    public void folded(long nanos, int reports) {
        fold.record(Duration.ofNanos(nanos));
        folded.increment(reports);
    }

    public void foldFailed() {
        foldFailures.increment();
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** A value asked for at most once per {@code millis}: a scrape reads two gauges from one query. */
    private static final class Cached<T> implements Supplier<T> {
        private final Supplier<T> source;
        private final long millis;
        private volatile T value;
        private volatile long at;

        Cached(Supplier<T> source, long millis) {
            this.source = source;
            this.millis = millis;
        }

        @Override
        public synchronized T get() {
            long now = System.currentTimeMillis();
            if (value == null || now - at >= millis) {
                value = source.get();
                at = now;
            }
            return value;
        }
    }
}
