package dev.telemetry.testapp;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A scripted mix through the MongoDB Java driver: successful inserts, finds with query operators,
 * aggregates and updates, and the failures a real user hits. It returns what the agent should have
 * counted, so the demo (and its test) can check the report exactly.
 */
final class Workload {
    private Workload() {}

    /** What the workload did: per command (count, failures), and per "command operator result code" a count. */
    static final class Tally {
        final Map<String, long[]> commands = new TreeMap<>();
        final Map<String, Long> results = new TreeMap<>();

        void ok(String command) {
            commands.computeIfAbsent(command, c -> new long[2])[0]++;
            results.merge(command + " unknown ok null", 1L, Long::sum);
        }

        void failed(String command, String operator, String error, int code) {
            long[] c = commands.computeIfAbsent(command, x -> new long[2]);
            c[0]++;
            c[1]++;
            results.merge(command + " " + operator + " " + error + " " + code, 1L, Long::sum);
        }
    }

    static void run(String uri) {
        try (MongoClient client = client(uri)) {
            Tally t = run(client);
            System.out.println("workload done: " + t.commands.size() + " commands, expected results:");
            t.results.forEach((k, v) -> System.out.println("  " + k + " x" + v));
        }
    }

    static MongoClient client(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .retryReads(false).retryWrites(false)
                .build());
    }

    static Tally run(MongoClient client) {
        Tally t = new Tally();
        // Names and values a user would consider private: none of them may reach a report.
        MongoDatabase db = client.getDatabase("acme_customers");
        MongoCollection<Document> orders = db.getCollection("orders_2026");
        for (int i = 1; i <= 5; i++) {
            orders.insertOne(new Document("_id", i).append("customer", "alice" + i + "@example.com")
                    .append("total", i * 10).append("loc", List.of(i, i)));
            t.ok("insert");
        }
        expectFailure(() -> orders.insertOne(new Document("_id", 1)));
        t.failed("insert", "unknown", "DuplicateKey", 11000);

        orders.find(Filters.eq("customer", "alice1@example.com")).into(new ArrayList<>());
        orders.find(Filters.gt("total", 20)).into(new ArrayList<>());
        orders.find(Filters.in("_id", 1, 2, 3)).into(new ArrayList<>());
        t.ok("find");
        t.ok("find");
        t.ok("find");
        expectFailure(() -> orders.find(new Document("$where", "this.total > 10")).into(new ArrayList<>()));
        t.failed("find", "$where", "BadValue", 2);
        expectFailure(() -> orders.find(Filters.geoWithinCenter("loc", 0, 0, 5)).into(new ArrayList<>()));
        t.failed("find", "$geoWithin", "NotImplemented", 238);

        orders.aggregate(List.of(new Document("$match", new Document("total", new Document("$gte", 10))),
                new Document("$group", new Document("_id", null).append("sum", new Document("$sum", "$total")))))
                .into(new ArrayList<>());
        t.ok("aggregate");
        orders.countDocuments();
        t.ok("aggregate");
        expectFailure(() -> orders.aggregate(List.of(new Document("$setWindowFields",
                new Document("sortBy", new Document("_id", 1)).append("output", new Document())))).into(new ArrayList<>()));
        t.failed("aggregate", "$setWindowFields", "Location40324", 40324);

        orders.updateOne(Filters.eq("_id", 2), Updates.set("total", 25));
        t.ok("update");
        expectFailure(() -> orders.updateOne(Filters.eq("_id", 3), new Document("$foo", new Document("total", 1))));
        t.failed("update", "$foo", "FailedToParse", 9);

        expectFailure(() -> db.runCommand(new Document("fooBarCmd", 1)));
        t.failed("unknown", "unknown", "CommandNotFound", 59);
        return t;
    }

    private static void expectFailure(Runnable r) {
        try {
            r.run();
        } catch (MongoException expected) {
            return;
        }
        throw new IllegalStateException("the server accepted what should fail");
    }
}
