package dev.telemetry.agent.config;

import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** The url option's rules, read by hand on the premain thread: the same answers as through {@code java.net.URL}. */
class ReportUrlTest {
    private static final String[] URLS = {
        "https://t.example.com/r", "http://127.0.0.1:9/r", "http://localhost/r", "http://LOCALHOST:80", "http://[::1]:8080/r",
        "http://[::1]/", "http://t.example.com/r", "http://t.example.com:8080/r?x=1", "http://user@127.0.0.1/r",
        "http://user@t.example.com/r", "http://127.evil.example.com/r", "HTTP://127.0.0.1/", "http://h:/x", "http://h:abc/x",
        "http://[::1]x/", "http://[::1/", "https://h:12/a#b", "http://a@b@127.0.0.1/",
    };

    @Test
    void theRules() {
        assertThat(ReportUrl.problem("https://t.example.com/r", false)).isNull();
        assertThat(ReportUrl.problem("http://127.0.0.1:9/r", false)).isNull();
        assertThat(ReportUrl.problem("http://localhost/r", false)).isNull();
        assertThat(ReportUrl.problem("http://[::1]:8080/r", false)).isNull();
        assertThat(ReportUrl.problem("http://t.example.com/r", false)).contains("plain HTTP").contains("allow-insecure=true");
        assertThat(ReportUrl.problem("http://t.example.com/r", true)).isNull();
        assertThat(ReportUrl.problem("http://h:abc/x", true)).isEqualTo("bad value \"http://h:abc/x\" for url; accepted: an absolute http:// or https:// URL");
    }

    /** The host java.net.URL finds, and whether it takes the URL at all; and the rule as it was written with it. */
    @Test
    void readsEveryUrlAsJavaNetUrlDoes() {
        for (String u : URLS) {
            URL parsed = null;
            try {
                parsed = new URL(u);
            } catch (MalformedURLException e) {
                // refused: so must the hand-written reading be
            }
            String host = parsed == null || parsed.getHost() == null || parsed.getHost().isEmpty() ? null : parsed.getHost();
            assertThat(ReportUrl.host(u)).as(u).isEqualTo(host);
            for (boolean insecure : new boolean[] {false, true}) {
                assertThat(ReportUrl.problem(u, insecure) == null).as(u + " allow-insecure=" + insecure).isEqualTo(host != null
                        && (parsed.getProtocol().equals("https") || insecure || host.equalsIgnoreCase("localhost")
                        || host.startsWith("127.") || host.equals("[::1]")));
            }
        }
    }
}
