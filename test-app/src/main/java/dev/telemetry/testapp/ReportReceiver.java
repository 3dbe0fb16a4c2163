package dev.telemetry.testapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small local telemetry service: receives reports on {@code POST /v1/report} (127.0.0.1 only),
 * prints each in readable form, and answers with the version notice.
 */
final class ReportReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the receiver answers as the latest version unless told otherwise. */
    static final String DEFAULT_LATEST = "1.0.0";

    private final HttpServer server;
    private final String latestVersion;
    private final PrintStream out;
    private final boolean brief;
    private final List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();

    ReportReceiver(int port, String latestVersion, PrintStream out, boolean brief) throws IOException {
        this.latestVersion = latestVersion;
        this.out = out;
        this.brief = brief;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/v1/report", this::handle);
        server.start();
    }

    static void run(Args args) throws Exception {
        try (ReportReceiver r = new ReportReceiver(args.getInt("port", 8080), args.get("latest-version", DEFAULT_LATEST), System.out, false)) {
            System.out.println("receiving reports at " + r.url() + " (latest version " + r.latestVersion + "); Ctrl-C to stop");
            Thread.currentThread().join();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/report";
    }

    List<Map<String, Object>> reports() {
        return reports;
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(256 * 1024);
            }
            Map<String, Object> report = JSON.readValue(body, Map.class);
            reports.add(report);
            print(report);
            Map<String, Object> app = (Map<String, Object>) report.get("app");
            String version = String.valueOf(app.get("version"));
            boolean newer = Versions.compare(latestVersion, version) > 0;
            byte[] reply = JSON.writeValueAsBytes(Map.of("latest_version", latestVersion, "update_info", "",
                    "update_available", newer));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(201, reply.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(reply);
            }
        } catch (IOException | RuntimeException e) {
            ex.sendResponseHeaders(400, -1);
        } finally {
            ex.close();
        }
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> r) {
        Map<String, Object> app = (Map<String, Object>) r.get("app");
        Map<String, Object> commands = (Map<String, Object>) r.get("commands");
        long dispatches = 0;
        long failures = 0;
        for (Object c : commands.values()) {
            dispatches += ((Number) ((Map<String, Object>) c).get("count")).longValue();
            failures += ((Number) ((Map<String, Object>) c).get("failures")).longValue();
        }
        out.println("[receiver] report #" + r.get("sequence") + " from " + app.get("name") + " " + app.get("version")
                + " (" + app.get("backend") + ", " + app.get("installation_type") + "), telemetry " + r.get("telemetry")
                + ", uptime " + r.get("uptime_s") + " s: " + dispatches + " dispatches of " + commands.size()
                + " commands, " + failures + " failed");
        if (!brief) {
            out.print(Summary.of(r).render());
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r));
            } catch (IOException e) {
                out.println(r);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
