package dev.telemetry.beacon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar beacon.jar} as an operator runs it: exit codes, its one line, and the releases file re-read. */
class BeaconStartupIT {
    private static final Path JAR = Paths.get(System.getProperty("beacon.jar", "target/beacon.jar"));

    @TempDir
    Path tmp;

    private Process start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--data-dir", tmp.resolve("data").toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(tmp.resolve("err.txt").toFile()).redirectOutput(tmp.resolve("out.txt").toFile()).start();
    }

    private List<String> errLines() throws Exception {
        return Files.readAllLines(tmp.resolve("err.txt"));
    }

    @Test
    void aBadOptionExits2WithOneLineAndCreatesNothing() throws Exception {
        Process p = start("--rate-limit", "abc");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(errLines()).containsExactly("beacon: --rate-limit: a whole number from 0 to 1000000 (0: no limit); got \"abc\"");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void aDatabaseThatRefusesExits1WithOneLineInBoundedTime() throws Exception {
        long t0 = System.nanoTime();
        Process p = start("--db", "jdbc:postgresql://127.0.0.1:9/beacon", "--db-timeout", "1s");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(errLines()).hasSize(1).first().asString().startsWith("beacon: the database (jdbc:postgresql://127.0.0.1:9/beacon)"
                + " does not answer within 1000 ms");
        assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(30);
    }

    @Test
    void aBadReleasesFileLaterKeepsTheLastGoodOneAndLogsOneLine() throws Exception {
        Path releases = tmp.resolve("releases.json");
        Files.writeString(releases, "{\"applications\":{\"test-app\":{\"latest_version\":\"1.0.0\"}}}");
        Process p = start("--listen", "127.0.0.1:0", "--releases", releases.toString(), "--rate-limit", "0");
        try {
            String url = null;
            for (int i = 0; i < 300 && url == null; i++) {
                Matcher m = Pattern.compile("listening on (http://\\S+)").matcher(Files.readString(tmp.resolve("out.txt")));
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(url).as("started: " + errLines()).isNotNull();
            assertThat(post(url)).contains("\"latest_version\":\"1.0.0\"");
            Files.writeString(releases, "{\"applications\": not json");
            List<String> lines = List.of();
            for (int i = 0; i < 100 && lines.isEmpty(); i++) {
                Thread.sleep(100);
                lines = errLines().stream().filter(l -> l.contains("releases")).toList();
            }
            Thread.sleep(2500); // two more looks at the unchanged bad file: still one line
            assertThat(errLines().stream().filter(l -> l.contains("releases")).toList()).hasSize(1).first().asString()
                    .startsWith("beacon: releases file " + releases).contains("keeping the previous releases");
            assertThat(post(url)).contains("\"latest_version\":\"1.0.0\"");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String post(String url) throws Exception {
        byte[] body = Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }
}
