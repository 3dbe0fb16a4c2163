package dev.telemetry.agent.report;

import dev.telemetry.agent.AgentVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs one report. {@link HttpURLConnection} because it honours the standard JVM proxy settings
 * ({@code https.proxyHost} and friends) with no set-up. The whole exchange is bounded by
 * {@code report-timeout}: a watchdog disconnects a server that drips its reply.
 */
public final class ReportClient {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry-agent-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final URL url;
    private final Duration timeout;

    public ReportClient(URL url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    public String host() {
        return url.getHost();
    }

    /** Sends the report; any failure (refused, timeout, non-2xx, bad reply) is an IOException saying what. */
    public Reply send(byte[] report) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        ScheduledFuture<?> guard = WATCHDOG.schedule(c::disconnect, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            c.setConnectTimeout(ms);
            c.setReadTimeout(ms);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(report.length);
            c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("User-Agent", "telemetry-agent/" + AgentVersion.get());
            try (OutputStream out = c.getOutputStream()) {
                out.write(report);
            }
            int code = c.getResponseCode();
            if (code < 200 || code > 299) {
                throw new IOException("HTTP " + code);
            }
            byte[] body;
            try (InputStream in = c.getInputStream()) {
                body = readAtMost(in, Reply.MAX_BYTES);
            }
            return Reply.parse(body);
        } catch (IOException e) {
            if (guard.isDone()) {
                throw new IOException("no complete reply within " + timeout.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            guard.cancel(false);
            c.disconnect();
        }
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            if (out.size() > max) {
                throw new IOException("the reply is larger than " + (max / 1024) + " KiB");
            }
        }
        return out.toByteArray();
    }
}
