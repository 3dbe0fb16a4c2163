package dev.telemetry.agent.it;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forced off (DO_NOT_TRACK, a donottrack name) touches nothing: no directory, no file written or
 * changed, no connection, no JMX operation that turns it on; status and log still say why.
 */
class ForcedOffIT {

    @Test
    void doNotTrackLeavesAnExistingStateFileExactlyAsItIsAndNeverConnects() throws Exception {
        Path dir = ForkedJvm.freshDir("dnt-existing");
        String content = "{\"uuid\":\"" + UUID.randomUUID() + "\",\"telemetry\":\"enabled\",\"schema_version\":1}\n";
        Path file = dir.resolve("state.json");
        Files.writeString(file, content);
        FileTime modified = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(file, modified);
        try (TestReceiver r = new TestReceiver();
             ForkedJvm host = ForkedJvm.builder("com.example.fixture.MongoHost").env("DO_NOT_TRACK", "1")
                     .agentOptions("start-delay=0ms,report-interval=1s,url=" + r.url() + ",state-dir=" + dir).start()) {
            int port = MongoProfileIT.port(host);
            try (MongoClient client = MongoProfileIT.client(port)) {
                // forced off instruments nothing: the server answers as it would without the agent
                client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
                assertThat(client.getDatabase("admin").runCommand(new Document("serverStatus", 1))).doesNotContainKey("freeMonitoring");
            }
            ForkedJvm.Result status = ForkedJvm.cli(Map.of(), "status", Long.toString(host.pid()));
            for (int i = 0; i < 20 && status.exit != 0; i++) { // the MBean registers on the agent's own thread
                Thread.sleep(250);
                status = ForkedJvm.cli(Map.of(), "status", Long.toString(host.pid()));
            }
            assertThat(status.out).contains("state:            disabled", "locked:           yes",
                    "decided by:       forced off by DO_NOT_TRACK=1");
            ForkedJvm.Result enable = ForkedJvm.cli(Map.of(), "enable", Long.toString(host.pid()));
            assertThat(enable.exit).as(enable.toString()).isEqualTo(1);
            assertThat(enable.err).contains("refused", "forced off by DO_NOT_TRACK=1");
            Thread.sleep(1500); // more than the report interval
            assertThat(host.stop(30_000)).isZero();
            assertThat(host.agentLines()).containsExactly("[telemetry-agent] INFO telemetry is disabled: forced off by DO_NOT_TRACK=1");
            assertThat(r.connections()).isZero();
        }
        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json"); // no lock, no telemetry.json
        }
    }

    @Test
    void aDonottrackNameCreatesNoDirectoryUnderTheHome() throws Exception {
        Path home = ForkedJvm.freshDir("dnt-home");
        Path copy = ForkedJvm.freshDir("dnt-jar").resolve("telemetry-donottrack.jar");
        Files.copy(ForkedJvm.AGENT_JAR, copy);
        try (ForkedJvm host = ForkedJvm.builder("com.example.fixture.TrivialHost").agentJar(copy)
                .jvmArg("-Duser.home=" + home).env("XDG_STATE_HOME", "").agentOptions("start-delay=0ms").start()) {
            assertThat(host.waitFor(30_000)).isZero();
            assertThat(host.agentLines()).containsExactly(
                    "[telemetry-agent] INFO telemetry is disabled: forced off by the executable name \"telemetry-donottrack.jar\"");
        }
        assertThat(home).isEmptyDirectory();
    }
}
