package dev.telemetry.bench;

import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the beacon, from its own process: several clients POST realistic reports (20 commands,
 * 40 result rows, each from a new installation) as fast as the beacon answers; prints reports per
 * second and latency percentiles over the measured window.
 * {@code java -cp benchmarks.jar dev.telemetry.bench.BeaconLoad URL[,URL...] [clients] [seconds]}: with several
 * URLs (a fleet of beacons) each client sends its successive reports to them in turn, as a round-robin
 * load balancer would.
 */
@CommandLine.Command(name = "java -cp benchmarks.jar dev.telemetry.bench.BeaconLoad",
        description = "Reports per second into the beacon (benchmarks/beacon-load.sh runs it).")
public final class BeaconLoad implements Callable<Integer> {
    @CommandLine.Mixin
    BenchCli.Help help;

    @CommandLine.Parameters(index = "0", split = ",", paramLabel = "URL[,URL...]",
            description = "the beacons' report URLs; with several, each client sends to them in turn")
    List<URI> url;

    @CommandLine.Parameters(index = "1", defaultValue = "8", paramLabel = "CLIENTS", converter = BenchCli.Positive.class,
            description = "clients at once; default ${DEFAULT-VALUE}")
    int clients;

    @CommandLine.Parameters(index = "2", defaultValue = "10", paramLabel = "SECONDS", converter = BenchCli.Positive.class,
            description = "the measured window; default ${DEFAULT-VALUE}")
    int seconds;

    public static void main(String[] args) {
        System.exit(BenchCli.execute(new BeaconLoad(), args));
    }

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        run(http, url, clients, Math.max(2, seconds / 3), null); // warm-up
        List<long[]> latencies = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        long t0 = System.nanoTime();
        long n = run(http, url, clients, seconds, latencies, errors);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "%d clients, %d s, %d beacon(s): %d reports, %.0f reports/s, latency p50 %.1f ms, p99 %.1f ms, errors %d%n",
                clients, seconds, url.size(), n, n / elapsed, pct(all, 0.50), pct(all, 0.99), errors.get());
        return 0;
    }

    private static long run(HttpClient http, List<URI> url, int clients, int seconds, List<long[]> latencies) throws Exception {
        return run(http, url, clients, seconds, latencies, new AtomicLong());
    }

    private static long run(HttpClient http, List<URI> url, int clients, int seconds, List<long[]> latencies, AtomicLong errors)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            if (latencies != null) {
                synchronized (latencies) {
                    latencies.add(mine);
                }
            }
            Thread t = new Thread(() -> {
                int i = 0;
                int sent = 0;
                try {
                    while (!stop.get()) {
                        byte[] body = report(UUID.randomUUID(), UUID.randomUUID());
                        long s = System.nanoTime();
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url.get(sent++ % url.size())).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() != 201) {
                            errors.incrementAndGet();
                        }
                        if (i < mine.length) {
                            mine[i++] = System.nanoTime() - s;
                        }
                        count.incrementAndGet();
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await();
        return count.get();
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** A report as the agent sends it (docs/report-format.md): 20 commands and 40 result rows. */
    static byte[] report(UUID uuid, UUID run) {
        StringBuilder b = new StringBuilder(8192);
        b.append("{\"schema_version\":1,\"uuid\":\"").append(uuid).append("\",\"run_id\":\"").append(run)
         .append("\",\"sequence\":1,\"app\":{\"name\":\"loadtest\",\"version\":\"1.2.3\",\"backend\":\"memory\",")
         .append("\"installation_type\":\"docker\",\"build_tags\":[\"a\"]},\"agent\":{\"version\":\"0.1.0\",\"profile\":\"mongo-java-server\"},")
         .append("\"runtime\":{\"java_version\":\"17.0.15\",\"java_vendor\":\"Debian\",\"os\":\"Linux\",\"arch\":\"amd64\"},")
         .append("\"uptime_s\":3600,\"telemetry\":\"enabled\",\"commands\":{");
        for (int c = 0; c < 20; c++) {
            b.append(c == 0 ? "" : ",").append("\"cmd").append(c).append("\":{\"count\":100,\"failures\":10,\"total_us\":12345,")
             .append("\"histogram\":[0,0,0,0,0,0,0,10,20,40,20,10]}");
        }
        b.append("},\"results\":[");
        for (int r = 0; r < 40; r++) {
            b.append(r == 0 ? "" : ",").append("{\"command\":\"cmd").append(r % 20).append("\",\"operator\":\"$op").append(r)
             .append("\",\"result\":\"BadValue\",\"code\":2,\"count\":").append(r + 1).append('}');
        }
        b.append("],\"dropped\":{\"commands\":0,\"results\":0,\"omitted_commands\":0,\"omitted_results\":0}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
