package dev.telemetry.testapp;

import dev.telemetry.beacon.Beacon;
import dev.telemetry.beacon.BeaconOptions;
import dev.telemetry.beacon.ingest.Report;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The project's one receiver, the beacon, run inside this process on 127.0.0.1 with its embedded
 * database in a data directory, answering that {@code latest} is test-app's latest version.
 */
final class EmbeddedBeacon implements AutoCloseable {
    static final String DEFAULT_LATEST = "1.0.0";

    private final Beacon beacon;
    private final Path dataDir;
    private final List<Report> reports = new CopyOnWriteArrayList<>();

    EmbeddedBeacon(Path dataDir, int port, String latest, String adminToken, PrintStream out, boolean verbose) throws Exception {
        this.dataDir = dataDir;
        Files.createDirectories(dataDir);
        Files.write(dataDir.resolve("releases.json"), ("{\"applications\":{\"test-app\":{\"latest_version\":\"" + latest
                + "\",\"release_notes\":\"\"}}}").getBytes(StandardCharsets.UTF_8));
        this.beacon = new Beacon(BeaconOptions.parse(new String[]{
            "--listen", "127.0.0.1:" + port, "--data-dir", dataDir.toString(), "--rate-limit", "0",
            "--admin-token", adminToken}, Map.of()));
        beacon.server().onReport(r -> {
            reports.add(r);
            out.println("[beacon] " + Summary.headline(r));
            if (verbose) {
                out.print(Summary.of(r).render());
            }
        });
    }

    /** {@code receiver}: the beacon in the foreground, printing every report. */
    static void run(int port, String latest, String token) throws Exception {
        Path dir = Files.createTempDirectory("beacon-data");
        EmbeddedBeacon b = new EmbeddedBeacon(dir, port, latest, token,
                System.out, true);
        System.out.println("receiving reports at " + b.url() + " (the beacon, embedded; data in " + dir + "); Ctrl-C to stop");
        if (!token.isEmpty()) {
            System.out.println("dashboard at " + b.url().replace("/v1/report", "/") + " (log in with the admin token)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(b::close));
        Thread.currentThread().join();
    }

    String url() {
        return beacon.url();
    }

    Path dataDir() {
        return dataDir;
    }

    Beacon beacon() {
        return beacon;
    }

    List<Report> reports() {
        return reports;
    }

    @Override
    public void close() {
        beacon.close();
    }
}
