package dev.telemetry.agent.it;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that records every connection it accepts (not only complete
 * requests), so "no connection at all" can be asserted. Its behaviour can be switched to each fault.
 */
public final class TestReceiver implements AutoCloseable {
    public enum Mode { OK, STATUS_500, HANG, NOT_JSON, HUGE_BODY }

    public static final class Request {
        public final String requestLine;
        public final Map<String, String> headers;
        public final byte[] body;

        Request(String requestLine, Map<String, String> headers, byte[] body) {
            this.requestLine = requestLine;
            this.headers = headers;
            this.body = body;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.OK;
    private volatile String reply = "{\"latest_version\":\"0.0.1\",\"update_info\":\"\",\"update_available\":false}";
    private volatile boolean open = true;

    public TestReceiver() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::acceptLoop, "test-receiver");
        t.setDaemon(true);
        t.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1/report";
    }

    public void mode(Mode m) { this.mode = m; }
    public void reply(String json) { this.reply = json; }
    public int connections() { return connections.get(); }
    public List<Request> requests() { return requests; }

    /** Waits (bounded) until at least n requests arrived. */
    public Request awaitRequest(int n, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (requests.size() < n) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("expected " + n + " requests, got " + requests.size()
                        + " (connections: " + connections.get() + ")");
            }
            Thread.sleep(20);
        }
        return requests.get(n - 1);
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread h = new Thread(() -> handle(s), "test-receiver-conn");
                h.setDaemon(true);
                h.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try (Socket socket = s) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            String requestLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            String h;
            while (!(h = line(in)).isEmpty()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            requests.add(new Request(requestLine, headers, body));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            switch (mode) {
                case OK:
                    respond(out, 200, reply.getBytes(StandardCharsets.UTF_8));
                    break;
                case STATUS_500:
                    respond(out, 500, "oops".getBytes(StandardCharsets.UTF_8));
                    break;
                case HANG:
                    Thread.sleep(20_000);
                    break;
                case NOT_JSON:
                    respond(out, 200, "<html>hello</html>".getBytes(StandardCharsets.UTF_8));
                    break;
                case HUGE_BODY:
                    byte[] big = new byte[10 * 1024 * 1024];
                    java.util.Arrays.fill(big, (byte) ' ');
                    big[0] = '{';
                    big[big.length - 1] = '}';
                    respond(out, 200, big);
                    break;
                default:
                    break;
            }
        } catch (Exception ignored) {
            // the client went away
        }
    }

    private static void respond(OutputStream out, int status, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
