package dev.telemetry.beacon;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A beacon for tests on 127.0.0.1 with the test geo data and a releases file (test-app 1.0.0), on
 * the embedded database or on the PostgreSQL server .ci/run starts (under CI it is never skipped).
 */
public final class TestBeacon {
    static final String PG_URL = System.getenv("BEACON_TEST_PG_URL");

    private TestBeacon() {}

    /**
     * Another beacon on the PostgreSQL database the last {@link #start} on "postgresql" emptied, as a
     * fleet behind a load balancer runs: its own port and data directory, the same database.
     */
    public static Beacon another(Path tmp, String name, String... more) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--data-dir", dir.resolve("data").toString(),
                "--releases", tmp.resolve("releases.json").toString(), "--trusted-proxies", "127.0.0.1,::1", "--db", PG_URL));
        args.addAll(List.of(more));
        return new Beacon(BeaconOptions.parse(args.toArray(new String[0]), Map.of()));
    }

    public static Beacon start(Path tmp, String db, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--data-dir", tmp.resolve("data").toString(),
                "--releases", tmp.resolve("releases.json").toString(),
                "--geo-asn", resource("geo/GeoLite2-ASN-Test.mmdb"), "--geo-country", resource("geo/GeoLite2-Country-Test.mmdb"),
                "--aws-ranges", resource("cloud/aws-ip-ranges-sample.json"), "--gcp-ranges", resource("cloud/gcp-cloud-sample.json"),
                "--trusted-proxies", "127.0.0.1,::1"));
        if (db.equals("postgresql")) {
            args.addAll(List.of("--db", emptyPostgresql()));
        }
        args.addAll(List.of(more));
        Files.writeString(tmp.resolve("releases.json"),
                "{\"applications\":{\"test-app\":{\"latest_version\":\"1.0.0\",\"release_notes\":\"https://example.com/notes\"}}}");
        return new Beacon(BeaconOptions.parse(args.toArray(new String[0]), Map.of()));
    }

    /**
     * The URL of the PostgreSQL database .ci/run starts, emptied (its schema dropped and made again);
     * the test is skipped when there is none, except under CI, where that is an error.
     */
    public static String emptyPostgresql() throws Exception {
        if (PG_URL == null) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("CI must provide BEACON_TEST_PG_URL: .ci/run starts PostgreSQL and sets it");
            }
            Assumptions.abort("BEACON_TEST_PG_URL is not set: PostgreSQL tests run under .ci/run");
        }
        try (Connection c = DriverManager.getConnection(PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return PG_URL;
    }

    /** An empty database of that kind: "h2" (a file in {@code tmp}) or "postgresql" ({@link #emptyPostgresql}). */
    public static String emptyDatabase(String db, Path tmp) throws Exception {
        return db.equals("h2") ? "jdbc:h2:file:" + tmp.resolve("beacon") : emptyPostgresql();
    }

    public static String resource(String name) throws Exception {
        return Paths.get(TestBeacon.class.getResource("/testdata/" + name).toURI()).toString();
    }
}
