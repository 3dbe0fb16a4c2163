package dev.telemetry.agent.it;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** mongo-java-server in a forked JVM with the agent; the real MongoDB driver sends a scripted workload. */
class MongoProfileIT {

    static MongoClient client(int port) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                // one heartbeat an hour: the monitor's handshake is the only isMaster it sends during the test
                .applyToServerSettings(b -> b.heartbeatFrequency(1, TimeUnit.HOURS))
                .applyToConnectionPoolSettings(b -> b.maxSize(1))
                .retryReads(false).retryWrites(false)
                .build());
    }

    static int port(ForkedJvm jvm) throws InterruptedException {
        return Integer.parseInt(jvm.awaitStdout(l -> l.startsWith("PORT "), 30_000).substring(5));
    }

    /** The workload of the issue; the secret strings must never appear in metrics. */
    static void workload(MongoClient client) {
        MongoDatabase db = client.getDatabase("secretdb_7f3a");
        MongoCollection<Document> items = db.getCollection("secretcoll_91c2");
        items.insertOne(new Document("_id", 1).append("secretfield_x1", "secretvalue_aa"));
        items.insertOne(new Document("_id", 2).append("secretfield_x1", "secretvalue_bb"));
        assertThatThrownBy(() -> items.insertOne(new Document("_id", 1))).isInstanceOf(MongoException.class);
        assertThat(items.find(Filters.eq("secretfield_x1", "secretvalue_aa")).into(new ArrayList<>())).hasSize(1);
        assertThat(items.find(Filters.gt("_id", 1)).into(new ArrayList<>())).hasSize(1);
        assertThatThrownBy(() -> items.find(new Document("$where", "this.secretfield_x1 == 'secretvalue_cc'")).into(new ArrayList<>()))
                .isInstanceOf(MongoException.class);
        assertThatThrownBy(() -> items.aggregate(List.of(new Document("$setWindowFields",
                new Document("sortBy", new Document("_id", 1)).append("output", new Document())))).into(new ArrayList<>()))
                .isInstanceOf(MongoException.class);
        assertThatThrownBy(() -> items.find(Filters.geoWithinCenter("secretfield_geo", 0, 0, 1)).into(new ArrayList<>()))
                .isInstanceOf(MongoException.class);
        assertThatThrownBy(() -> db.runCommand(new Document("fooBarCmd", 1))).isInstanceOf(MongoCommandException.class);
        assertThatThrownBy(() -> db.runCommand(new Document("hello", 1))).isInstanceOf(MongoCommandException.class);
    }

    @Test
    void countsCodesAndOperatorsExactly() throws Exception {
        try (ForkedJvm host = ForkedJvm.builder("com.example.fixture.MongoHost")
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + ForkedJvm.freshDir("mongo")).start()) {
            int port = port(host);
            try (MongoClient client = client(port)) {
                workload(client);
                OpQuery.command(port, "ping");
                OpQuery.command(port, "serverStatus");
                OpQuery.command(port, "isMaster"); // reaches the backend: counted there, once
                ReportedMetrics m = ReportedMetrics.of(host);
                assertThat(m.results()).containsOnly(
                        entry("insert unknown ok null", 2L),
                        entry("insert unknown DuplicateKey 11000", 1L),     // writeErrors inside an ok reply
                        entry("find unknown ok null", 2L),                  // $eq and $gt
                        entry("find $where BadValue 2", 1L),
                        entry("find $geoWithin NotImplemented 238", 1L),
                        entry("aggregate $setWindowFields Location40324 40324", 1L),
                        entry("unknown unknown CommandNotFound 59", 1L),   // fooBarCmd is not a MongoDB command
                        entry("hello unknown CommandNotFound 59", 1L),     // a MongoDB command this server lacks
                        // the driver's handshakes: the monitor's and the one pooled connection's, plus ours
                        entry("isMaster unknown ok null", 3L),
                        entry("ping unknown ok null", 1L),
                        entry("serverStatus unknown ok null", 1L));
                assertThat(m.count("find")).isEqualTo(4);
                assertThat(m.failures("find")).isEqualTo(2);
                assertThat(m.count("insert")).isEqualTo(3);
                assertThat(m.failures("insert")).isEqualTo(1);
                m.assertHistogramsAddUp();
                assertThat(m.json.toString()).doesNotContain("secret");
            }
            assertThat(host.stop(30_000)).isZero();
            assertThat(host.stdout()).contains("host exits normally");
        }
    }

    @Test
    void theAgentGivenTwiceInstrumentsOnce() throws Exception {
        String options = "telemetry=enable,start-delay=0ms,state-dir=" + ForkedJvm.freshDir("twice");
        Path log = Files.createTempFile(ForkedJvm.WORK, "twice", ".txt");
        try (ForkedJvm host = ForkedJvm.builder("com.example.fixture.MongoHost").agentOptions(options)
                .jvmArg("-javaagent:" + ForkedJvm.AGENT_JAR + "=" + options)
                .jvmArg("-Xlog:class+load=info:file=" + log).start()) {
            int port = port(host);
            try (MongoClient client = client(port)) {
                client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 1));
                client.getDatabase("db").getCollection("c").insertOne(new Document("_id", 2));
                ReportedMetrics m = ReportedMetrics.of(host);
                assertThat(m.count("insert")).isEqualTo(2);
                assertThat(m.count("isMaster")).isEqualTo(2);
            }
            assertThat(host.agentLines()).contains(
                    "[telemetry-agent] WARN the agent is already running in this JVM; this second start is ignored");
            assertThat(host.stop(30_000)).isZero();
        }
        // the second start goes through the same class loader: no class of the agent is defined twice
        assertThat(Files.readAllLines(log)).filteredOn(l -> l.contains(" dev.telemetry.agent.entry.AgentStarter "))
                .hasSize(1);
    }
}
