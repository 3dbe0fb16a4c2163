package dev.telemetry.beacon.geo;

import static dev.telemetry.beacon.geo.TestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaxMindLookupTest {

    private static MaxMindLookup lookup;

    @BeforeAll
    static void open() throws IOException {
        lookup = MaxMindLookup.open(TestData.asnDb(), TestData.countryDb());
    }

    @AfterAll
    static void close() throws IOException {
        lookup.close();
    }

    @Test
    void asnWithOrganisation() throws IOException {
        // GeoLite2-ASN-Test.json: 1.128.0.0/11 -> 1221 "Telstra Pty Ltd"
        assertThat(lookup.asn(ip("1.128.0.1")))
                .isEqualTo(new MaxMindLookup.AsnRecord(1221L, "Telstra Pty Ltd"));
        // 12.81.92.0/22 -> 7018 "AT&T Services"
        assertThat(lookup.asn(ip("12.81.95.254")))
                .isEqualTo(new MaxMindLookup.AsnRecord(7018L, "AT&T Services"));
    }

    @Test
    void asnWithoutOrganisation() throws IOException {
        // 12.81.96.0/19 -> 7018, no organisation in the record
        assertThat(lookup.asn(ip("12.81.100.1")))
                .isEqualTo(new MaxMindLookup.AsnRecord(7018L, null));
    }

    @Test
    void asnIpv6() throws IOException {
        // 2001:8000::/20 -> 1221 "Telstra Pty Ltd"; 2600:800::/27 -> 701
        assertThat(lookup.asn(ip("2001:8000::1")))
                .isEqualTo(new MaxMindLookup.AsnRecord(1221L, "Telstra Pty Ltd"));
        assertThat(lookup.asn(ip("2600:800::1")).number()).isEqualTo(701L);
    }

    @Test
    void countryPrefersCountryOverRegisteredCountry() throws IOException {
        // 2.125.160.216/29: country GB, registered_country FR
        assertThat(lookup.country(ip("2.125.160.217"))).isEqualTo("GB");
        // 216.160.83.56/29: country US, registered_country GB
        assertThat(lookup.country(ip("216.160.83.57"))).isEqualTo("US");
        // 89.160.20.128/25: SE (registered DE)
        assertThat(lookup.country(ip("89.160.20.130"))).isEqualTo("SE");
    }

    @Test
    void countryIpv6() throws IOException {
        assertThat(lookup.country(ip("2001:480::1"))).isEqualTo("US"); // 2001:480::/43
        assertThat(lookup.country(ip("2a02:d540::1"))).isEqualTo("GB"); // 2a02:d540::/29
    }

    @Test
    void countryMissingFromRecord() throws IOException {
        // 2a02:d500::/29 has only a continent
        assertThat(lookup.country(ip("2a02:d500::1"))).isNull();
    }

    @Test
    void registeredCountryFallback() {
        // The test database has no record with only registered_country, so check the extraction.
        assertThat(MaxMindLookup.countryOf(Map.of("registered_country", Map.of("iso_code", "FR"))))
                .isEqualTo("FR");
        assertThat(MaxMindLookup.countryOf(Map.of(
                        "country", Map.of("iso_code", "GB"), "registered_country", Map.of("iso_code", "FR"))))
                .isEqualTo("GB");
        assertThat(MaxMindLookup.countryOf(Map.of("continent", Map.of("code", "EU")))).isNull();
        assertThat(MaxMindLookup.countryOf(null)).isNull();
    }

    @Test
    void combinedLookup() {
        // 89.160.20.128/25: AS29518 "Bredband2 AB", SE
        assertThat(lookup.lookup(ip("89.160.20.130")))
                .isEqualTo(new GeoInfo(29518L, "Bredband2 AB", "SE", null, null));
        // 216.160.83.56/29: AS209 without organisation, US
        assertThat(lookup.lookup(ip("216.160.83.57")))
                .isEqualTo(new GeoInfo(209L, null, "US", null, null));
    }

    @Test
    void unknownAddressesGiveNulls() throws IOException {
        assertThat(lookup.asn(ip("203.0.113.5"))).isEqualTo(new MaxMindLookup.AsnRecord(null, null));
        assertThat(lookup.country(ip("203.0.113.5"))).isNull();
        assertThat(lookup.lookup(ip("198.51.100.7"))).isEqualTo(GeoInfo.NONE);
        assertThat(lookup.lookup(ip("2001:db8::1"))).isEqualTo(GeoInfo.NONE);
        assertThat(lookup.lookup(null)).isEqualTo(GeoInfo.NONE);
    }

    @Test
    void eachDatabaseIsOptional() throws IOException {
        try (MaxMindLookup asnOnly = MaxMindLookup.open(TestData.asnDb(), null);
                MaxMindLookup countryOnly = MaxMindLookup.open(null, TestData.countryDb());
                MaxMindLookup nothing = MaxMindLookup.open(null, null)) {
            assertThat(asnOnly.hasAsnDatabase()).isTrue();
            assertThat(asnOnly.hasCountryDatabase()).isFalse();
            assertThat(asnOnly.lookup(ip("89.160.20.130")))
                    .isEqualTo(new GeoInfo(29518L, "Bredband2 AB", null, null, null));
            assertThat(countryOnly.lookup(ip("89.160.20.130")))
                    .isEqualTo(new GeoInfo(null, null, "SE", null, null));
            assertThat(nothing.lookup(ip("89.160.20.130"))).isEqualTo(GeoInfo.NONE);
        }
    }

    @Test
    void missingOrInvalidFileFailsToOpen(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> MaxMindLookup.open(dir.resolve("absent.mmdb"), null))
                .isInstanceOf(IOException.class);
        Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a maxmind database");
        assertThatThrownBy(() -> MaxMindLookup.open(TestData.asnDb(), junk))
                .isInstanceOf(IOException.class);
    }

    @Test
    void closedLookupAnswersNothingWithoutThrowing() throws IOException {
        MaxMindLookup closed = MaxMindLookup.open(TestData.asnDb(), TestData.countryDb());
        closed.close();
        assertThat(closed.lookup(ip("89.160.20.130"))).isEqualTo(GeoInfo.NONE);
    }

    @Test
    void concurrentLookups() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<GeoInfo>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String address = i % 2 == 0 ? "89.160.20.130" : "2001:8000::1";
                results.add(pool.submit(() -> lookup.lookup(ip(address))));
            }
            for (int i = 0; i < results.size(); i++) {
                GeoInfo info = results.get(i).get();
                assertThat(info.asn()).isEqualTo(i % 2 == 0 ? 29518L : 1221L);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
