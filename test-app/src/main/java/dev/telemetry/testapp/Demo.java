package dev.telemetry.testapp;

import com.mongodb.client.MongoClient;
import dev.telemetry.beacon.ingest.Report;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The whole story: a receiver, a server in a child JVM with the agent (given at startup, or attached
 * later), the workload, a report that matches it exactly, and what a MongoDB client sees. Exits 0
 * only when the report's counts are exactly the workload's.
 */
final class Demo {
    private Demo() {}

    /** {@code agent} null: agent/target/telemetry.jar next to this jar's module. */
    static int run(boolean attach, String backend, Path agent, String latest) throws Exception {
        Path testAppJar = Paths.get(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path target = testAppJar.getParent();
        Path agentJar = agent != null ? agent : target.resolve("../../agent/target/telemetry.jar").normalize();
        if (!Files.isRegularFile(agentJar)) {
            System.out.println("the agent jar is not at " + agentJar + "; build it first: mvn -q -DskipTests package");
            return 2;
        }
        Path state = target.resolve("demo-state").resolve((attach ? "attach-" : "javaagent-") + backend + "-" + System.currentTimeMillis());
        Files.createDirectories(state);

        step("1. the telemetry service (the beacon, embedded), answering that " + latest + " is test-app's latest version");
        try (EmbeddedBeacon receiver = new EmbeddedBeacon(state.resolve("beacon-data"), 0, latest, "", System.out, false)) {
            System.out.println("   receiving at " + receiver.url() + ", storing in " + receiver.beacon().database());
            String options = "telemetry=enable,url=" + receiver.url() + ",report-interval=2s,start-delay=0ms,state-dir=" + state;

            step("2. a MongoDB-compatible server (mongo-java-server, " + backend + " backend) in its own JVM"
                    + (attach ? ", started without the agent" : ", started with -javaagent:" + agentJar.getFileName()));
            List<String> cmd = new ArrayList<>(Arrays.asList(java(), "-jar", testAppJar.toString()));
            if (!attach) {
                cmd.add(1, "-javaagent:" + agentJar + "=" + options);
            }
            cmd.addAll(Arrays.asList("serve", "--port", "0", "--backend", backend, "--stop-on-stdin-close"));
            System.out.println("   $ " + String.join(" ", cmd));
            Process server = new ProcessBuilder(cmd).start();
            try {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                pump(server.getInputStream(), lines, "   server| ");
                pump(server.getErrorStream(), lines, "   server| ");
                String uri = awaitUri(lines);

                if (attach) {
                    step("   attaching the agent to the running server (pid " + server.pid() + ")");
                    List<String> attachCmd = Arrays.asList(java(), "-jar", agentJar.toString(), "attach", Long.toString(server.pid()), options);
                    System.out.println("   $ " + String.join(" ", attachCmd));
                    Process p = new ProcessBuilder(attachCmd).redirectErrorStream(true).start();
                    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                    System.out.println("   " + output);
                    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                        System.out.println("attach failed");
                        return 1;
                    }
                }

                step("3. a client workload through the MongoDB Java driver (" + uri + ")");
                Workload.Tally expected;
                try (MongoClient client = Workload.client(uri)) {
                    expected = Workload.run(client);
                    long n = expected.commands.values().stream().mapToLong(v -> v[0]).sum();
                    System.out.println("   " + n + " commands sent, " + expected.commands.values().stream().mapToLong(v -> v[1]).sum()
                            + " of them failing the way real users' do");

                    step("4. waiting for a report that holds the whole workload");
                    Report report = awaitMatching(receiver, expected);
                    if (report == null) {
                        System.out.println("   no report matched the workload within 60 s; reports received: " + receiver.reports().size());
                        return 1;
                    }
                    Summary summary = Summary.of(report);
                    System.out.println("   report #" + report.sequence() + " (" + report.telemetry() + "):");
                    System.out.print(summary.render());
                    System.out.println("   the report's counts match the workload exactly: yes");
                    if (!storedMatches(receiver, report, expected)) {
                        System.out.println("   the beacon's database does not hold the workload");
                        return 1;
                    }
                    System.out.println("   the beacon stored exactly the workload: yes (" + receiver.beacon().database() + ")");

                    step("5. what a MongoDB client sees");
                    MongoDatabase admin = client.getDatabase("admin");
                    Document fm = admin.runCommand(new Document("serverStatus", 1)).get("freeMonitoring", Document.class);
                    System.out.println("   db.serverStatus().freeMonitoring          -> " + fm.toJson());
                    Document status = admin.runCommand(new Document("getFreeMonitoringStatus", 1));
                    System.out.println("   db.adminCommand({getFreeMonitoringStatus:1}) -> " + status.toJson());
                    List<String> warnings = admin.runCommand(new Document("getLog", "startupWarnings")).getList("log", String.class);
                    System.out.println("   db.adminCommand({getLog:'startupWarnings'}).log -> " + warnings);
                    // structured log entries, as MongoDB 4.4+ gives them: a shell shows "<t>: <msg>"
                    if (warnings.stream().map(Document::parse).noneMatch(w -> "W".equals(w.getString("s"))
                            && w.getString("msg").startsWith("A new version is available!"))) {
                        System.out.println("   (the version notice is missing)");
                        return 1;
                    }
                }

                step("6. stopping");
                server.getOutputStream().close();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
                Thread.sleep(200);
                System.out.println("   server exited with " + server.exitValue() + "; state and telemetry.json are in " + state);
                return 0;
            } finally {
                if (server.isAlive()) {
                    server.destroyForcibly();
                }
            }
        }
    }

    /** What the beacon's database holds for that report's run equals the workload (the driver's isMaster aside). */
    private static boolean storedMatches(EmbeddedBeacon beacon, Report report, Workload.Tally expected) throws Exception {
        Map<String, long[]> stored = new java.util.TreeMap<>();
        // the run's metrics as the beacon stored them (one row per run since the beacon's V4)
        beacon.beacon().store().runCommands(report.runId()).forEach((command, counts) -> {
            if (!command.equals("isMaster")) {
                stored.put(command, new long[]{counts.count(), counts.failures()});
            }
        });
        if (!stored.keySet().equals(expected.commands.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : expected.commands.entrySet()) {
            if (!Arrays.equals(e.getValue(), stored.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The newest report whose counts for every workload command are exactly the workload's, waiting up to 60 s. */
    private static Report awaitMatching(EmbeddedBeacon receiver, Workload.Tally expected) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            List<Report> reports = receiver.reports();
            for (int i = reports.size() - 1; i >= 0; i--) {
                Summary s = Summary.of(reports.get(i));
                if (matches(s, expected)) {
                    return reports.get(i);
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    /** Every workload command and result row exactly; the driver's own handshakes (isMaster) are extra. */
    static boolean matches(Summary s, Workload.Tally expected) {
        for (Map.Entry<String, long[]> e : expected.commands.entrySet()) {
            long[] got = s.commands.get(e.getKey());
            if (got == null || got[0] != e.getValue()[0] || got[1] != e.getValue()[1]) {
                return false;
            }
        }
        for (Map.Entry<String, Long> e : expected.results.entrySet()) {
            if (!e.getValue().equals(s.results.get(e.getKey()))) {
                return false;
            }
        }
        for (String command : s.commands.keySet()) {
            if (!expected.commands.containsKey(command) && !command.equals("isMaster")) {
                return false;
            }
        }
        return true;
    }

    private static String awaitUri(BlockingQueue<String> lines) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            String line = lines.poll(500, TimeUnit.MILLISECONDS);
            if (line != null && line.contains("mongodb://")) {
                return line.substring(line.indexOf("mongodb://")).trim();
            }
        }
        throw new IllegalStateException("the server did not start within 60 s");
    }

    private static void pump(java.io.InputStream in, BlockingQueue<String> lines, String prefix) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    System.out.println(prefix + line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the server is gone
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void step(String text) {
        System.out.println();
        System.out.println(text);
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
