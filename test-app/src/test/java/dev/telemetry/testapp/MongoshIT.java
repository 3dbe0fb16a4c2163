package dev.telemetry.testapp;

import dev.telemetry.beacon.Beacon;
import dev.telemetry.beacon.BeaconOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MongoDB's own shell (mongosh 1.10.6, installed by .ci/mongosh.sh) connected to {@code serve} with
 * the agent, as a new user would: the agent's startup warnings appear in the shell's banner as
 * warnings with their time, never as "Unexpected log line format". Under CI the shell must be there.
 */
class MongoshIT {
    private static final String DATE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+00:00";

    private static Path mongosh() {
        String configured = System.getenv("MONGOSH");
        Path p = configured != null && !configured.isEmpty() ? Paths.get(configured)
                : Paths.get("..", ".cache", "mongosh", "node_modules", ".bin", "mongosh").toAbsolutePath().normalize();
        if (!Files.isExecutable(p)) {
            String why = "MongoDB's shell is not installed at " + p + " (run .ci/mongosh.sh, or set MONGOSH)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + "; under CI this test must run");
            }
            Assumptions.abort(why);
        }
        return p;
    }

    private static Path work(String name) throws IOException {
        Path dir = Paths.get("target", "mongosh-it", name + "-" + System.nanoTime()).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** {@code serve} with the agent, on a free port; stdout and stderr collected. */
    private static final class Server implements AutoCloseable {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();

        Server(String agentOptions) throws IOException {
            process = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + System.getProperty("telemetry.jar") + "=" + agentOptions,
                    "-jar", System.getProperty("testapp.jar"), "serve", "--port", "0", "--stop-on-stdin-close").start();
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
        }

        String await(List<String> lines, Predicate<String> match) throws InterruptedException {
            long end = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < end) {
                for (String l : lines) {
                    if (match.test(l)) {
                        return l;
                    }
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no such line; stdout=" + out + " stderr=" + err);
        }

        String uri() throws InterruptedException {
            String line = await(out, l -> l.startsWith("serving "));
            return line.substring(line.indexOf("mongodb://"));
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        private static void pump(java.io.InputStream in, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    /**
     * Runs the shell non-interactively, as {@code mongosh URI --eval SCRIPT} does for a user, in a
     * home of its own with the shell's own telemetry off (and, as under CI, no update check).
     */
    private static String shell(String uri, String script) throws Exception {
        Path home = work("home");
        Files.createDirectories(home.resolve(".mongodb/mongosh"));
        Files.writeString(home.resolve(".mongodb/mongosh/config"), "{\"enableTelemetry\":false}");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(Arrays.asList(mongosh().toString(), "--norc", uri, "--eval", script)))
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("CI", "true");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).as(text).contains("Using Mongosh:\t\t1.10.6").doesNotContain("Unexpected log line format");
        return text;
    }

    @Test
    void theShellShowsTheUndecidedWarningAsAStartupWarningWithItsTime() throws Exception {
        try (Server serve = new Server("state-dir=" + work("state") + ",undecided-delay=1h,start-delay=0ms")) {
            String out = shell(serve.uri(), "JSON.stringify(db.serverStatus().freeMonitoring)");
            assertThat(out).contains("The server generated these startup warnings when booting");
            assertThat(out).containsPattern("(?m)^\\s*" + DATE + ": Telemetry is undecided: anonymous usage reports will be sent unless you opt out");
            assertThat(out).contains("{\"state\":\"undecided\"}");
        }
    }

    @Test
    void theShellShowsASecurityUpdateFromTheBeaconAndServerStatusCarriesIt() throws Exception {
        Path data = work("beacon");
        Path releases = data.resolve("releases.json");
        Files.writeString(releases, "{\"applications\":{\"test-app\":{\"latest_version\":\"1.0.0\",\"security_releases\":[\"0.2.0\"]}}}");
        try (Beacon beacon = new Beacon(BeaconOptions.parse(new String[]{"--listen", "127.0.0.1:0", "--data-dir", data.toString(),
                "--releases", releases.toString(), "--rate-limit", "0"}, Map.of()));
             Server serve = new Server("telemetry=enable,url=" + beacon.url() + ",report-interval=1h,start-delay=1s,state-dir=" + work("state"))) {
            String uri = serve.uri();
            String line = "A security update is available: 1.0.0.";
            serve.await(serve.err, l -> l.equals("[telemetry-agent] ERROR " + line));
            String out = shell(uri, "JSON.stringify(db.serverStatus().freeMonitoring)");
            assertThat(out).containsPattern("(?m)^\\s*" + DATE + ": " + java.util.regex.Pattern.quote(line) + "$");
            assertThat(out).contains("{\"state\":\"enabled\",\"latestVersion\":\"1.0.0\",\"updateAvailable\":true,"
                    + "\"securityUpdate\":true,\"updateInfo\":\"" + line + "\"}");
        }
    }
}
