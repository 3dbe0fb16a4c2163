package dev.telemetry.testapp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command, end to end: the demo runs to completion and its report matches the workload exactly. */
class DemoIT {

    private static String demo(String... options) throws Exception {
        List<String> cmd = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("testapp.jar"), "demo",
                "--agent", System.getProperty("telemetry.jar")));
        cmd.addAll(Arrays.asList(options));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    private static void assertTheStory(String out) {
        assertThat(out).contains("the report's counts match the workload exactly: yes");
        assertThat(out).contains("the beacon stored exactly the workload: yes");
        assertThat(out).containsPattern("insert\\s+6\\s+1\\s");
        assertThat(out).containsPattern("find\\s+5\\s+2\\s");
        assertThat(out).contains("$setWindowFields", "$geoWithin", "$where", "DuplicateKey", "CommandNotFound");
        assertThat(out).contains("db.serverStatus().freeMonitoring          -> {\"state\": \"enabled\", \"latestVersion\": \"1.0.0\","
                + " \"updateAvailable\": true, \"securityUpdate\": false, \"updateInfo\": \"A new version is available!");
        assertThat(out).contains("A new version is available! The latest version: 1.0.0. The current version: 0.1.0.");
        assertThat(out).contains("server exited with 0");
        // the workload's private names and values never reach a report
        assertThat(out).doesNotContain("acme_customers").doesNotContain("alice1@example.com");
    }

    @Test
    void withTheAgentAtStartup() throws Exception {
        String out = demo();
        assertTheStory(out);
        assertThat(out).contains("telemetry is enabled: set by the option telemetry=enable (agent option)");
    }

    @Test
    void attachedToARunningServer() throws Exception {
        String out = demo("--attach");
        assertTheStory(out);
        assertThat(out).contains("attached the telemetry agent to process");
    }

    @Test
    void onTheH2Backend() throws Exception {
        String out = demo("--backend", "h2");
        assertTheStory(out);
        assertThat(out).contains("(h2 backend)").contains("test-app 0.1.0 (h2, ");
    }
}
