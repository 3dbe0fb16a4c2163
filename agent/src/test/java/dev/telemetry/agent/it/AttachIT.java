package dev.telemetry.agent.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading the agent into a JVM that is already running and serving. */
class AttachIT {

    @Test
    void onlyCommandsAfterTheAttachAreCounted() throws Exception {
        try (ForkedJvm host = ForkedJvm.builder("com.example.fixture.MongoHost").noAgent().start()) {
            int port = MongoProfileIT.port(host);
            try (MongoClient client = MongoProfileIT.client(port)) {
                MongoCollection<Document> items = client.getDatabase("db").getCollection("items");
                items.insertOne(new Document("_id", 1));
                items.insertOne(new Document("_id", 2));

                ForkedJvm.Result r = ForkedJvm.cli(Map.of(), "attach", Long.toString(host.pid()),
                        "telemetry=enable,log-level=debug,state-dir=" + ForkedJvm.freshDir("attach"));
                assertThat(r.exit).as(r.toString()).isZero();
                assertThat(r.out).contains("attached the telemetry agent to process " + host.pid());

                for (int i = 3; i <= 5; i++) {
                    items.insertOne(new Document("_id", i));
                }
                items.countDocuments();

                ReportedMetrics m = ReportedMetrics.of(host);
                assertThat(m.count("insert")).isEqualTo(3);
                assertThat(m.count("aggregate")).isEqualTo(1); // countDocuments is an aggregate
                assertThat(m.commandNames()).containsExactlyInAnyOrder("insert", "aggregate");
                assertThat(host.agentLines()).contains(
                        "[telemetry-agent] DEBUG instrumented de.bwaldvogel.mongo.backend.AbstractMongoBackend (already loaded)");

                ForkedJvm.Result again = ForkedJvm.cli(Map.of(), "attach", Long.toString(host.pid()));
                assertThat(again.exit).isEqualTo(1);
                assertThat(again.err).contains("already runs the telemetry agent");
                items.insertOne(new Document("_id", 6));
                assertThat(ReportedMetrics.of(host).count("insert")).isEqualTo(4); // still counted once

                ForkedJvm.Result list = ForkedJvm.cli(Map.of(), "list");
                assertThat(list.exit).isZero();
                assertThat(list.out).containsPattern("(?m)^" + host.pid() + "\\s+yes \\S+\\s+com.example.fixture.MongoHost$");
            }
            assertThat(host.stop(30_000)).isZero();
        }
    }

    @Test
    void clearErrors() throws Exception {
        ForkedJvm.Result r = ForkedJvm.cli(Map.of(), "attach", "999999999");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("no such process: 999999999");
        r = ForkedJvm.cli(Map.of(), "attach", "abc");
        assertThat(r.err).contains("\"abc\" is not a process id");
        r = ForkedJvm.cli(Map.of(), "metrics", Long.toString(ProcessHandle.current().pid()));
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).contains("MBean is not registered");
    }
}
