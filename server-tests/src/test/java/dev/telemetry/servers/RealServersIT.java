package dev.telemetry.servers;

import dev.telemetry.agent.it.ForkedJvm;
import dev.telemetry.agent.it.ReportedMetrics;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Four real servers from Maven Central, each driven by its protocol's real client with a known
 * workload, in a JVM started with -javaagent: on the built jar. Three are described by a profile
 * file alone (docs/profiles/), found the three ways a profile can be found; the fourth through the
 * example extension. Exact per-command counts and error rows; no canary string in what is sent.
 */
class RealServersIT {
    static final Path PROFILES = Paths.get(System.getProperty("telemetry.profiles", "../docs/profiles")).toAbsolutePath();
    static final Path EXTENSION = Paths.get(System.getProperty("telemetry.exampleExtension",
            "../example-extension/target/example-extension.jar")).toAbsolutePath();

    /** A shape of command inside a request object: an int opcode, failures as reply codes (profile-file=). */
    @Test
    void zooKeeperByAProfileFile() throws Exception {
        try (ForkedJvm jvm = host("ZooKeeperHost", "profile-file=" + PROFILES.resolve("zookeeper.profile"), null)) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsOnly(
                    entry("createSession unknown ok null", 1L),
                    entry("create unknown ok null", 4L),
                    entry("create unknown NODEEXISTS -110", 1L),
                    entry("getData unknown ok null", 2L),
                    entry("getData unknown NONODE -101", 1L),
                    entry("setData unknown ok null", 1L),
                    entry("exists unknown ok null", 1L),
                    entry("exists unknown NONODE -101", 1L),   // the server's answer; the client API turns it into null
                    entry("getChildren unknown ok null", 1L),
                    entry("delete unknown ok null", 4L),
                    entry("delete unknown BADVERSION -103", 1L),
                    entry("delete unknown NOTEMPTY -111", 1L),
                    entry("closeSession unknown ok null", 1L));
            m.assertHistogramsAddUp();
            String status = status(jvm);
            assertThat(status).contains("profile:          zookeeper")
                    .contains("chosen because:   profile file " + PROFILES.resolve("zookeeper.profile")
                            + "; its marker class org.apache.zookeeper.server.ZooKeeperServer loaded")
                    .contains("calls: 20, failed 5, unknown 0").contains("with a reply 19");
            noCanary(jvm, status);
            stop(jvm);
        }
    }

    /** One class per command (the implementations of an interface), reply codes (found inside the agent jar). */
    @Test
    void ftpServerByAProfileInsideTheAgentJar() throws Exception {
        Path jar = agentJarWith(PROFILES.resolve("ftpserver.profile"));
        try (ForkedJvm jvm = host("FtpHost", "", jar)) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsOnly(
                    entry("USER unknown ok null", 2L),
                    entry("PASS unknown ok null", 1L),
                    entry("PASS unknown NotLoggedIn 530", 1L),
                    entry("TYPE unknown ok null", 1L),
                    entry("OPTS unknown ok null", 1L),          // OPTS_UTF8 runs inside it: one dispatch
                    entry("SITE unknown ok null", 1L),          // SITE_HELP runs inside it
                    entry("PASV unknown ok null", 4L),
                    entry("STOR unknown ok null", 1L),
                    entry("RETR unknown ok null", 1L),
                    entry("RETR unknown FileNotFound 550", 1L),
                    entry("NLST unknown ok null", 1L),
                    entry("MKD unknown ok null", 1L),
                    entry("CWD unknown FileNotFound 550", 1L),
                    entry("DELE unknown ok null", 1L),
                    entry("DELE unknown FileUnavailable 450", 1L),
                    entry("RMD unknown ok null", 1L),
                    entry("QUIT unknown ok null", 1L));
            m.assertHistogramsAddUp();
            String status = status(jvm);
            assertThat(status).contains("profile:          ftpserver")
                    .contains("chosen because:   agent jar: ftpserver.profile; its marker class org.apache.ftpserver.impl.DefaultFtpServer loaded")
                    .contains("calls: 21, failed 4, unknown 0");
            noCanary(jvm, status);
            stop(jvm);
        }
    }

    /** The first word of a text line, reply lines whose leading digits are the code (profile-dir=). */
    @Test
    void greenMailSmtpByAProfileDirectory() throws Exception {
        Path dir = ForkedJvm.freshDir("smtp-profiles");
        Files.copy(PROFILES.resolve("greenmail-smtp.profile"), dir.resolve("greenmail-smtp.profile"));
        try (ForkedJvm jvm = host("SmtpHost", "profile-dir=" + dir, null)) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsOnly(
                    entry("HELO unknown ok null", 1L),
                    entry("RCPT unknown ok null", 1L),
                    entry("RCPT unknown BadSequence 503", 1L),
                    entry("DATA unknown ok null", 1L),
                    entry("DATA unknown BadSequence 503", 1L),
                    entry("AUTH unknown AuthenticationFailed 535", 1L),
                    entry("MAIL unknown ok null", 1L),
                    entry("RSET unknown ok null", 1L),
                    entry("VRFY unknown ok null", 1L),
                    entry("NOOP unknown ok null", 1L),
                    entry("QUIT unknown ok null", 1L));
            m.assertHistogramsAddUp();
            String status = status(jvm);
            assertThat(status).contains("profile:          greenmail-smtp").contains("calls: 11, failed 3, unknown 0");
            noCanary(jvm, status);
            stop(jvm);
        }
    }

    /** A message broker through the example extension: a refusal on the same thread, one learned later on another. */
    @Test
    void moquetteThroughTheExampleExtension() throws Exception {
        assertThat(EXTENSION).isRegularFile();
        try (ForkedJvm jvm = host("MqttHost", "profile=moquette,extension=" + EXTENSION, null)) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsOnly(
                    entry("CONNECT unknown ok null", 1L),
                    entry("CONNECT unknown BadUserNameOrPassword 4", 1L),
                    entry("SUBSCRIBE unknown ok null", 1L),
                    entry("SUBSCRIBE unknown SubscriptionRefused 128", 1L),
                    entry("PUBLISH unknown ok null", 2L),
                    entry("PUBACK unknown ok null", 1L),
                    entry("UNSUBSCRIBE unknown ok null", 1L),
                    entry("DISCONNECT unknown ok null", 1L));
            assertThat(m.count("CONNECT")).isEqualTo(2);
            assertThat(m.failures("CONNECT")).isEqualTo(1);
            assertThat(m.failures("SUBSCRIBE")).isEqualTo(1);
            String status = status(jvm);
            assertThat(status).contains("profile:          moquette")
                    .contains("chosen because:   extension com.example.telemetry.MoquetteExtension (" + EXTENSION + ")")
                    .contains("moquette/hook0 (io.moquette.broker.MQTTConnection#handleMessage, extension)")
                    .contains("calls: 9, failed 0, unknown 0")
                    .contains("commands: CONNECT, DISCONNECT, PUBACK, PUBLISH, SUBSCRIBE, UNSUBSCRIBE");
            noCanary(jvm, status);
            stop(jvm);
        }
    }

    private static ForkedJvm host(String main, String options, Path agentJar) throws Exception {
        Path state = ForkedJvm.freshDir(main.toLowerCase(Locale.ROOT));
        ForkedJvm.Builder b = ForkedJvm.builder("dev.telemetry.servers.hosts." + main)
                .jvmArg("-Dorg.slf4j.simpleLogger.defaultLogLevel=error")
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + state + (options.isEmpty() ? "" : "," + options));
        if (agentJar != null) {
            b.agentJar(agentJar);
        }
        ForkedJvm jvm = b.start();
        try {
            jvm.awaitStdout("DONE"::equals, 120_000);
        } catch (AssertionError | RuntimeException e) {
            jvm.close();
            throw e;
        }
        return jvm;
    }

    private static String status(ForkedJvm jvm) throws Exception {
        ForkedJvm.Result r = ForkedJvm.cli(Map.of(), "status", Long.toString(jvm.pid()));
        assertThat(r.exit).as(r.toString()).isZero();
        return r.out;
    }

    /** Neither the next report, the metrics, the status nor the agent's log lines hold a canary. */
    private static void noCanary(ForkedJvm jvm, String status) throws Exception {
        ForkedJvm.Result preview = ForkedJvm.cli(Map.of(), "preview", Long.toString(jvm.pid()));
        assertThat(preview.exit).isZero();
        assertThat(preview.out).contains("\"commands\"");
        for (String text : List.of(preview.out, status, String.join("\n", jvm.agentLines()))) {
            assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("canary").doesNotContain("7f3a");
        }
    }

    private static void stop(ForkedJvm jvm) throws Exception {
        assertThat(jvm.stop(60_000)).isZero();
        assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
    }

    /** What a vendor does: the agent jar with their profile dropped into dev/telemetry/agent/profiles/. */
    static Path agentJarWith(Path profile) throws Exception {
        Path out = ForkedJvm.freshDir("vendor-jar").resolve("telemetry.jar");
        try (JarFile in = new JarFile(ForkedJvm.AGENT_JAR.toFile());
             OutputStream file = Files.newOutputStream(out);
             JarOutputStream jar = new JarOutputStream(file, in.getManifest())) {
            for (JarEntry e : java.util.Collections.list(in.entries())) {
                if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(e.getName()));
                in.getInputStream(e).transferTo(jar);
                jar.closeEntry();
            }
            jar.putNextEntry(new JarEntry("dev/telemetry/agent/profiles/" + profile.getFileName()));
            jar.write(Files.readAllBytes(profile));
            jar.closeEntry();
        }
        return out;
    }
}
