package dev.telemetry.beacon.geo;

import static dev.telemetry.beacon.geo.TestData.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GeoResolverTest {

    private static GeoResolver resolver;

    @BeforeAll
    static void open() throws IOException {
        resolver = new GeoResolver(
                MaxMindLookup.open(TestData.asnDb(), TestData.countryDb()),
                CloudRanges.load(TestData.awsRanges(), TestData.gcpRanges()));
    }

    @AfterAll
    static void close() throws IOException {
        resolver.close();
    }

    @Test
    void asnAndCountry() {
        assertThat(resolver.resolve(ip("89.160.20.130")))
                .isEqualTo(new GeoInfo(29518L, "Bredband2 AB", "SE", null, null));
        assertThat(resolver.resolve(ip("1.128.0.1")))
                .isEqualTo(new GeoInfo(1221L, "Telstra Pty Ltd", null, null, null));
        assertThat(resolver.resolve(ip("2.125.160.217")))
                .isEqualTo(new GeoInfo(null, null, "GB", null, null));
    }

    @Test
    void ipv6() {
        assertThat(resolver.resolve(ip("2001:8000::1")))
                .isEqualTo(new GeoInfo(1221L, "Telstra Pty Ltd", null, null, null));
        // 2600:1f14::/35 is AWS us-west-2; the ASN test database has 2600:1800::/21 -> AS237.
        assertThat(resolver.resolve(ip("2600:1f14::1")))
                .isEqualTo(new GeoInfo(237L, "Merit Network Inc.", null, "aws", "us-west-2"));
    }

    @Test
    void cloudCombinedWithAsn() {
        // 18.156.0.0/14 is AWS eu-central-1; the ASN test database has 18.0.0.0/8 -> AS3 (MIT).
        assertThat(resolver.resolve(ip("18.156.1.1")))
                .isEqualTo(new GeoInfo(3L, "Massachusetts Institute of Technology", null,
                        "aws", "eu-central-1"));
        assertThat(resolver.resolve(ip("35.186.1.1")))
                .isEqualTo(new GeoInfo(null, null, null, "gcp", "us-central1"));
    }

    @Test
    void unknownPublicAddressGivesNulls() {
        assertThat(resolver.resolve(ip("203.0.113.5"))).isEqualTo(GeoInfo.NONE);
        assertThat(resolver.resolve(ip("2001:db8::1"))).isEqualTo(GeoInfo.NONE);
    }

    @Test
    void nonPublicAddressesGiveNone() {
        for (String address : new String[] {
                "127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1",
                "100.64.0.1", "0.0.0.0", "::", "fe80::1", "fd00::1", "224.0.0.1", "ff02::1",
                "255.255.255.255", "::ffff:127.0.0.1"}) {
            assertThat(resolver.resolve(ip(address))).as(address).isSameAs(GeoInfo.NONE);
        }
        assertThat(resolver.resolve(null)).isSameAs(GeoInfo.NONE);
    }

    @Test
    void publicAddressesArePublic() {
        for (String address : new String[] {"1.128.0.1", "100.128.0.1", "172.32.0.1", "2001:8000::1"}) {
            assertThat(GeoResolver.isPublic(ip(address))).as(address).isTrue();
        }
    }

    @Test
    void partialConfiguration() throws IOException {
        try (GeoResolver cloudOnly = new GeoResolver(null,
                        CloudRanges.load(TestData.awsRanges(), null));
                GeoResolver disabled = GeoResolver.disabled()) {
            assertThat(cloudOnly.resolve(ip("18.156.1.1")))
                    .isEqualTo(new GeoInfo(null, null, null, "aws", "eu-central-1"));
            assertThat(cloudOnly.resolve(ip("89.160.20.130"))).isEqualTo(GeoInfo.NONE);
            assertThat(disabled.resolve(ip("89.160.20.130"))).isEqualTo(GeoInfo.NONE);
        }
    }

    @Test
    void neverThrowsEvenWhenDatabasesAreClosed() throws IOException {
        MaxMindLookup maxMind = MaxMindLookup.open(TestData.asnDb(), TestData.countryDb());
        GeoResolver closed = new GeoResolver(maxMind,
                CloudRanges.load(TestData.awsRanges(), TestData.gcpRanges()));
        closed.close();
        assertThat(closed.resolve(ip("89.160.20.130"))).isEqualTo(GeoInfo.NONE);
        // The cloud ranges still answer.
        assertThat(closed.resolve(ip("18.156.1.1")))
                .isEqualTo(new GeoInfo(null, null, null, "aws", "eu-central-1"));
    }
}
