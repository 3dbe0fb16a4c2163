package dev.telemetry.beacon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up refuses bad configuration before it creates anything: exit code 2 and one line naming the
 * option, the value and what is accepted; a database that does not answer: one line, exit code 1, within
 * --db-timeout. Through {@link Main#run}, as {@code java -jar beacon.jar} runs it (BeaconStartupIT runs the jar).
 */
class BeaconStartupTest {
    @TempDir
    Path tmp;

    record Outcome(int code, List<String> lines, String out) {}

    private Outcome run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--data-dir", tmp.resolve("data").toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Beacon> started = new AtomicReference<>();
        int code = Main.run(all.toArray(new String[0]), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), started::set);
        if (started.get() != null) {
            started.get().close();
        }
        String text = err.toString(StandardCharsets.UTF_8);
        return new Outcome(code, text.isEmpty() ? List.of() : List.of(text.split("\n")), out.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String content) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static Stream<String[]> badOptions() {
        // option, value, a phrase of what is accepted
        return Stream.of(
                new String[]{"--trusted-proxies", "not-an-ip", "IP addresses or CIDR networks"},
                new String[]{"--trusted-proxies", "10.0.0.0/99", "IP addresses or CIDR networks"},
                new String[]{"--trusted-proxies", "127.0.0.1,10.0.0.0/99", "IP addresses or CIDR networks"},
                new String[]{"--rate-limit", "abc", "a whole number from 0"},
                new String[]{"--rate-limit", "-5", "a whole number from 0"},
                new String[]{"--listen", "127.0.0.1:99999", "a port from 0 to 65535"},
                new String[]{"--listen", "8080", "HOST:PORT"},
                new String[]{"--listen", "no-such-host.invalid:8080", "a name this machine resolves"},
                new String[]{"--retention", "3d", "at least 7d"},
                new String[]{"--retention", "forever", "a number followed by d, h or m"},
                new String[]{"--db", "mysql://127.0.0.1/beacon", "a JDBC URL such as jdbc:postgresql://"},
                new String[]{"--db-pool", "0", "a whole number from 1 to 1000"},
                new String[]{"--db-timeout", "5", "a duration from 250ms to 10m"},
                new String[]{"--fold-interval", "0s", "a duration from 10ms to 1h"},
                new String[]{"--ingest-threads", "0", "a whole number from 1 to 16"},
                new String[]{"--ingest-threads", "2", "1 with the embedded database"});
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadValueStopsTheStartInOneLineNamingOptionValueAndWhatIsAccepted(String option, String value, String accepted) {
        Outcome o = run(Map.of(), option, value);
        assertOneLine(o, 2, option, value, accepted);
        assertThat(tmp.resolve("data")).as("nothing created").doesNotExist();
    }

    private static void assertOneLine(Outcome o, int code, String... contains) {
        assertThat(o.code()).as(String.join("\n", o.lines())).isEqualTo(code);
        assertThat(o.lines()).hasSize(1);
        assertThat(o.lines().get(0)).startsWith("beacon: ").contains(contains).doesNotContain("Exception", "\tat ");
    }

    /** Checked against --db-pool before the database is asked: the ingest threads hold connections the pool must have to spare. */
    @Test
    void ingestThreadsNeedFewerThanThePoolsConnections() {
        Outcome o = run(Map.of(), "--db", "jdbc:postgresql://127.0.0.1:1/beacon", "--db-pool", "4", "--ingest-threads", "4");
        assertOneLine(o, 2, "--ingest-threads", "\"4\"", "fewer than --db-pool (4)");
    }

    @Test
    void theEnvironmentsFormIsCheckedTooAndNamed() {
        Outcome o = run(Map.of("BEACON_RATE_LIMIT", "abc"));
        assertOneLine(o, 2, "--rate-limit (from BEACON_RATE_LIMIT)", "\"abc\"", "a whole number");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertOneLine(run(Map.of(), "--rate-limt", "5"), 2, "\"--rate-limt\"", "see --help");
    }

    @Test
    void aReleasesFileThatIsNotJsonOrIsMissingStopsTheStart() throws Exception {
        Path bad = file("releases.json", "latest: 1.0.0");
        assertOneLine(run(Map.of(), "--releases", bad.toString()), 2, "--releases", bad.toString(), "a releases file in JSON", "malformed");
        Path wrongShape = file("releases2.json", "{\"applications\": []}");
        assertOneLine(run(Map.of(), "--releases", wrongShape.toString()), 2, "--releases", "\"applications\" must be an object");
        assertOneLine(run(Map.of(), "--releases", tmp.resolve("nope.json").toString()), 2, "--releases", "no such file");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void geoAndCloudFilesThatAreNotWhatTheOptionSaysStopTheStart() throws Exception {
        Path text = file("not.mmdb", "this is not a MaxMind database");
        assertOneLine(run(Map.of(), "--geo-asn", text.toString()), 2, "--geo-asn", text.toString(), "a MaxMind ASN database");
        assertOneLine(run(Map.of(), "--geo-country", text.toString()), 2, "--geo-country", text.toString(), "a MaxMind Country");
        // the two databases swapped: each opens, but would never answer
        String country = TestBeacon.resource("geo/GeoLite2-Country-Test.mmdb");
        assertOneLine(run(Map.of(), "--geo-asn", country), 2, "--geo-asn", country, "this one is a GeoLite2-Country database");
        assertOneLine(run(Map.of(), "--geo-asn", tmp.resolve("absent.mmdb").toString()), 2, "--geo-asn", "absent.mmdb");
        Path notJson = file("ranges.json", "<html>not json</html>");
        assertOneLine(run(Map.of(), "--aws-ranges", notJson.toString()), 2, "--aws-ranges", notJson.toString(), "Amazon's ip-ranges.json");
        Path noPrefixes = file("cloud.json", "{\"syncToken\": \"1\"}");
        assertOneLine(run(Map.of(), "--aws-ranges", TestBeacon.resource("cloud/aws-ip-ranges-sample.json"), "--gcp-ranges",
                noPrefixes.toString()), 2, "--gcp-ranges", noPrefixes.toString(), "Google Cloud's cloud.json");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void aDatabaseThatRefusesIsOneLineAndExitCode1() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        long t0 = System.nanoTime();
        Outcome o = run(Map.of(), "--db", "jdbc:postgresql://127.0.0.1:" + port + "/beacon?user=b&password=secret", "--db-timeout", "1s");
        assertOneLine(o, 1, "the database", "does not answer within 1000 ms", "--db");
        assertThat(o.lines().get(0)).doesNotContain("secret");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aDatabaseThatNeverAnswersIsOneLineAndExitCode1WithinTheTimeout() throws Exception {
        // accepts the connection and then says nothing, as a hung server or a wrong port would
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long t0 = System.nanoTime();
            Outcome o = run(Map.of(), "--db", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/beacon", "--db-timeout", "1s");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertOneLine(o, 1, "the database", "does not answer within 1000 ms");
            assertThat(ms).isLessThan(10_000);
        }
    }

    @Test
    void aTakenPortIsOneLineAndExitCode1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = List.of("--listen", "127.0.0.1:" + taken.getLocalPort());
            Outcome o = run(Map.of(), args.toArray(new String[0]));
            assertOneLine(o, 1, "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "--listen");
        }
    }

    @Test
    void goodOptionsStartABeaconThatAnswers() throws Exception {
        Path releases = file("releases.json", "{\"applications\":{\"test-app\":{\"latest_version\":\"1.0.0\"}}}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<Beacon> started = new AtomicReference<>();
        int code = Main.run(new String[]{"--listen", "127.0.0.1:0", "--data-dir", tmp.resolve("data").toString(),
            "--releases", releases.toString(), "--trusted-proxies", "10.0.0.0/8, ::1", "--rate-limit", "0",
            "--geo-asn", TestBeacon.resource("geo/GeoLite2-ASN-Test.mmdb"),
            "--geo-country", TestBeacon.resource("geo/GeoLite2-Country-Test.mmdb"),
            "--aws-ranges", TestBeacon.resource("cloud/aws-ip-ranges-sample.json"),
            "--gcp-ranges", TestBeacon.resource("cloud/gcp-cloud-sample.json")},
                Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, started::set);
        try {
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("beacon listening on http://127.0.0.1:");
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + started.get().server().port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            started.get().close();
        }
    }

    @Test
    void helpListsEveryOptionAndTheEnvironmentForm() {
        Outcome o = run(Map.of(), "--help");
        assertThat(o.code()).isZero();
        for (String option : BeaconOptions.defaults().keySet()) {
            assertThat(o.out()).contains("--" + option);
        }
        assertThat(o.out()).contains("BEACON_<OPTION>");
        assertThat(tmp.resolve("data")).doesNotExist();
    }
}
