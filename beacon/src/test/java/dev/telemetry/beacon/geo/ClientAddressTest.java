package dev.telemetry.beacon.geo;

import static dev.telemetry.beacon.geo.TestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static final List<String> TRUSTED = List.of("127.0.0.1", "10.0.0.0/8", "::1");
    private final ClientAddress clients = new ClientAddress(TRUSTED);

    @Test
    void noHeaderGivesPeer() {
        assertThat(clients.resolve("203.0.113.7", null)).isEqualTo(ip("203.0.113.7"));
        assertThat(clients.resolve("10.1.1.1", null)).isEqualTo(ip("10.1.1.1"));
        assertThat(clients.resolve("2001:db8::7", null)).isEqualTo(ip("2001:db8::7"));
    }

    @Test
    void headerFromTrustedProxyIsHonoured() {
        assertThat(clients.resolve("127.0.0.1", "198.51.100.23")).isEqualTo(ip("198.51.100.23"));
        assertThat(clients.resolve("10.2.3.4", " 2001:db8::23 ")).isEqualTo(ip("2001:db8::23"));
        assertThat(clients.resolve("::1", "198.51.100.23")).isEqualTo(ip("198.51.100.23"));
        assertThat(clients.resolve("0:0:0:0:0:0:0:1", "198.51.100.23")).isEqualTo(ip("198.51.100.23"));
    }

    @Test
    void spoofedHeaderFromUntrustedPeerIsIgnored() {
        assertThat(clients.resolve("203.0.113.7", "1.2.3.4")).isEqualTo(ip("203.0.113.7"));
        assertThat(clients.resolve("203.0.113.7", "127.0.0.1")).isEqualTo(ip("203.0.113.7"));
        assertThat(clients.resolve("11.0.0.1", "1.2.3.4")).isEqualTo(ip("11.0.0.1"));
    }

    @Test
    void noTrustedProxiesMeansHeaderIsNeverUsed() {
        ClientAddress none = new ClientAddress(List.of());
        assertThat(none.resolve("127.0.0.1", "1.2.3.4")).isEqualTo(ip("127.0.0.1"));
        assertThat(new ClientAddress(null).resolve("127.0.0.1", "1.2.3.4"))
                .isEqualTo(ip("127.0.0.1"));
    }

    @Test
    void multiHopTakesRightMostUntrusted() {
        // client spoofed "6.6.6.6", real client 198.51.100.23, then two trusted proxies.
        assertThat(clients.resolve("127.0.0.1", "6.6.6.6, 198.51.100.23, 10.0.0.5, 10.0.0.6"))
                .isEqualTo(ip("198.51.100.23"));
        // The right-most untrusted hop is taken even if more trusted ones are further left.
        assertThat(clients.resolve("10.0.0.1", "10.9.9.9,198.51.100.23,2001:db8::9"))
                .isEqualTo(ip("2001:db8::9"));
    }

    @Test
    void allHopsTrustedGivesLeftMost() {
        assertThat(clients.resolve("127.0.0.1", "10.0.0.9, 10.0.0.5")).isEqualTo(ip("10.0.0.9"));
    }

    @Test
    void garbageHeaderFallsBackToPeer() {
        for (String header : new String[] {
                "", "   ", ",", "unknown", "garbage", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
                "1.2.3.4:99999", "1.2.3.4:port", "[2001:db8::1", "2001:db8::zz", "1.2.3.4 5.6.7.8",
                "\u0661.2.3.4", "1.2.3.4, garbage, 10.0.0.5", "x".repeat(5000)}) {
            assertThat(clients.resolve("127.0.0.1", header)).as("[%s]", header).isEqualTo(ip("127.0.0.1"));
        }
    }

    @Test
    void garbageLeftOfTheClientDoesNotMatter() {
        assertThat(clients.resolve("127.0.0.1", "garbage, 198.51.100.23, 10.0.0.5"))
                .isEqualTo(ip("198.51.100.23"));
    }

    @Test
    void portsBracketsAndZonesAreAccepted() {
        assertThat(clients.resolve("127.0.0.1", "198.51.100.23:5555")).isEqualTo(ip("198.51.100.23"));
        assertThat(clients.resolve("127.0.0.1", "[2001:db8::23]:443")).isEqualTo(ip("2001:db8::23"));
        assertThat(clients.resolve("127.0.0.1", "[2001:db8::23]")).isEqualTo(ip("2001:db8::23"));
        assertThat(clients.resolve("[::1]", "198.51.100.23")).isEqualTo(ip("198.51.100.23"));
        assertThat(clients.resolve("127.0.0.1", "fe80::1%eth0")).isEqualTo(ip("fe80::1"));
        assertThat(clients.resolve("127.0.0.1", "::ffff:198.51.100.23"))
                .isEqualTo(ip("198.51.100.23"));
    }

    @Test
    void hostNamesAreNeverResolved() {
        // Names that would resolve (localhost) or that could be looked up (a hex-looking name) are
        // rejected as malformed before any resolver is involved: the peer is returned.
        for (String header : new String[] {
                "localhost", "example.com", "deadbeef", "cafe.example", "a.b.c.d", "1.2.3.4.nip.io",
                "dns.google", "localhost:8080", "[localhost]"}) {
            assertThat(clients.resolve("127.0.0.1", header)).as(header).isEqualTo(ip("127.0.0.1"));
        }
        assertThat(IpLiterals.parse("localhost")).isNull();
        assertThat(IpLiterals.parse("deadbeef")).isNull();
        assertThat(IpLiterals.parse("example.com")).isNull();
        assertThat(IpLiterals.parse(".:")).isNull();
        // A host name given as the peer is not resolved either.
        assertThat(clients.resolve("localhost", "1.2.3.4")).isNull();
    }

    @Test
    void invalidPeerGivesNull() {
        assertThat(clients.resolve(null, null)).isNull();
        assertThat(clients.resolve("", "1.2.3.4")).isNull();
        assertThat(clients.resolve("not an ip", null)).isNull();
    }

    @Test
    void trustedProxyMatching() {
        ClientAddress c = new ClientAddress(List.of("192.0.2.0/24", "2001:db8::/32", "198.51.100.9",
                " 10.0.0.1/8 "));
        assertThat(c.isTrusted(ip("192.0.2.255"))).isTrue();
        assertThat(c.isTrusted(ip("192.0.3.0"))).isFalse();
        assertThat(c.isTrusted(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(c.isTrusted(ip("2001:db9::1"))).isFalse();
        assertThat(c.isTrusted(ip("198.51.100.9"))).isTrue();
        assertThat(c.isTrusted(ip("198.51.100.10"))).isFalse();
        assertThat(c.isTrusted(ip("10.200.0.1"))).isTrue(); // host bits of 10.0.0.1/8 are ignored
        assertThat(c.isTrusted(null)).isFalse();
    }

    @Test
    void invalidTrustedProxyIsRejected() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staticConvenience() {
        assertThat(ClientAddress.resolve("127.0.0.1", "198.51.100.23", TRUSTED))
                .isEqualTo(ip("198.51.100.23"));
    }
}
