package dev.telemetry.testapp;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * End-to-end figures for {@code serve}: startup (JVM launch until it accepts connections) and load
 * (operations per second, and the server process's CPU time per operation, several clients at
 * once), without an agent, with this agent, and with the OpenTelemetry Java agent timing the same
 * dispatch method. Runs of each configuration are interleaved and reported as medians with their
 * spread, since on a small machine a single run swings by 20% or more.
 */
final class Perf {
    private Perf() {}

    /** {@code agent}, {@code otel} null: their places in this build. */
    static int run(Path agentJar, Path otelJar, int startupRuns, int loadRuns, int clients, int seconds) throws Exception {
        Path testAppJar = Paths.get(Perf.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path root = testAppJar.getParent().resolve("../..").normalize();
        Path agent = agentJar != null ? agentJar : root.resolve("agent/target/telemetry.jar");
        Path otel = otelJar != null ? otelJar : root.resolve("benchmarks/target/agents/opentelemetry-javaagent.jar");
        Path state = Files.createTempDirectory("perf-state");

        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put("plain", Collections.emptyList());
        configs.put("telemetry-agent", Collections.singletonList(
                "-javaagent:" + agent + "=telemetry=enable,log-level=warn,state-dir=" + state));
        if (Files.isRegularFile(otel)) {
            configs.put("opentelemetry", Arrays.asList("-javaagent:" + otel,
                    "-Dotel.instrumentation.methods.include=de.bwaldvogel.mongo.backend.AbstractMongoBackend[handleCommand]",
                    "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                    "-Dotel.javaagent.logging=none"));
        } else {
            System.out.println("(no OpenTelemetry agent at " + otel + "; build the benchmarks module to include it)");
        }
        Instant started = Instant.now();
        System.out.printf(Locale.ROOT, "e2e: %d startup runs and %d load runs per configuration, %d clients x %d s, %d CPUs, Java %s%n",
                startupRuns, loadRuns, clients, seconds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        Map<String, List<Double>> startup = new LinkedHashMap<>();
        Map<String, List<Double>> opsPerSecond = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerOp = new LinkedHashMap<>();
        List<Map.Entry<String, List<String>>> order = new ArrayList<>(configs.entrySet());
        for (int i = 0; i < startupRuns; i++) {
            Collections.rotate(order, 1); // each configuration takes each place in the order in turn
            for (Map.Entry<String, List<String>> c : order) {
                double ms = startupMillis(testAppJar, c.getValue());
                startup.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(ms);
                System.out.printf(Locale.ROOT, "  startup %-16s run %d: %.0f ms%n", c.getKey(), i + 1, ms);
            }
        }
        for (int i = 0; i < loadRuns; i++) {
            Collections.rotate(order, 1);
            for (Map.Entry<String, List<String>> c : order) {
                double[] r = load(testAppJar, c.getValue(), clients, seconds);
                opsPerSecond.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r[0]);
                cpuPerOp.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r[1]);
                System.out.printf(Locale.ROOT, "  load    %-16s run %d: %.0f ops/s, %.1f us CPU/op%n", c.getKey(), i + 1, r[0], r[1]);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-16s %-26s %-28s %-26s%n", "configuration", "startup ms median [min-max]",
                "ops/s median [min-max]", "server CPU us/op median [min-max]");
        for (String c : configs.keySet()) {
            System.out.printf(Locale.ROOT, "%-16s %-26s %-28s %-26s%n", c, stats(startup.get(c), "%.0f"),
                    stats(opsPerSecond.get(c), "%.0f"), stats(cpuPerOp.get(c), "%.1f"));
        }
        double base = median(startup.get("plain"));
        for (String c : configs.keySet()) {
            if (!c.equals("plain")) {
                System.out.printf(Locale.ROOT, "%s: startup %+.0f ms, ops/s %+.1f%%, CPU/op %+.1f%% against plain (medians)%n", c,
                        median(startup.get(c)) - base,
                        100 * (median(opsPerSecond.get(c)) / median(opsPerSecond.get("plain")) - 1),
                        100 * (median(cpuPerOp.get(c)) / median(cpuPerOp.get("plain")) - 1));
            }
        }
        System.out.println("took " + Duration.between(started, Instant.now()).getSeconds() + " s");
        return 0;
    }

    private static Process serve(Path jar, List<String> jvmArgs, int port) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(Arrays.asList("-jar", jar.toString(), "serve", "--port", Integer.toString(port), "--stop-on-stdin-close"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** From launching the JVM until a TCP connection to the server succeeds. */
    private static double startupMillis(Path jar, List<String> jvmArgs) throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        Process p = serve(jar, jvmArgs, port);
        try {
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                    return (System.nanoTime() - t0) / 1e6;
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the server exited with " + p.exitValue());
                    }
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                        throw new IllegalStateException("the server did not start in 60 s");
                    }
                    Thread.sleep(2);
                }
            }
        } finally {
            stop(p);
        }
    }

    /** {ops per second, server CPU microseconds per op} over the measured window, after a warm-up. */
    private static double[] load(Path jar, List<String> jvmArgs, int clients, int seconds) throws Exception {
        int port = freePort();
        Process p = serve(jar, jvmArgs, port);
        try (MongoClient client = Workload.client("mongodb://127.0.0.1:" + port + "/?maxPoolSize=" + clients)) {
            MongoCollection<Document> c = client.getDatabase("perf").getCollection("items");
            for (int i = 0; i < 1000; i++) {
                c.insertOne(new Document("_id", -i - 1).append("v", i));
            }
            drive(c, clients, seconds, new LongAdder()); // warm-up: as long as the measurement
            Duration cpu0 = p.info().totalCpuDuration().orElse(Duration.ZERO);
            LongAdder ops = new LongAdder();
            long t0 = System.nanoTime();
            drive(c, clients, seconds, ops);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            Duration cpu1 = p.info().totalCpuDuration().orElse(Duration.ZERO);
            double n = ops.sum();
            return new double[]{n / elapsed, cpu1.minus(cpu0).toNanos() / 1e3 / n};
        } finally {
            stop(p);
        }
    }

    /** Each client alternates a find by _id and an insert, for the given time. */
    private static void drive(MongoCollection<Document> c, int clients, int seconds, LongAdder ops) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(clients);
        for (int t = 0; t < clients; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                try {
                    long i = 0;
                    while (!stop.get()) {
                        c.find(Filters.eq("_id", -(i % 1000) - 1)).first();
                        c.insertOne(new Document("t", id).append("i", i++));
                        ops.add(2);
                    }
                } finally {
                    done.countDown();
                }
            });
            th.setDaemon(true);
            th.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        done.await(30, TimeUnit.SECONDS);
    }

    private static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String stats(List<Double> values, String format) {
        return String.format(Locale.ROOT, format + " [" + format + "-" + format + "]",
                median(values), Collections.min(values), Collections.max(values));
    }
}
