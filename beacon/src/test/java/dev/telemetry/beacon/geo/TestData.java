package dev.telemetry.beacon.geo;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test data copied into src/test/resources/testdata (see the README files there). */
final class TestData {

    private TestData() {}

    static Path resource(String name) {
        URL url = TestData.class.getResource("/testdata/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource testdata/" + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path asnDb() {
        return resource("geo/GeoLite2-ASN-Test.mmdb");
    }

    static Path countryDb() {
        return resource("geo/GeoLite2-Country-Test.mmdb");
    }

    static Path awsRanges() {
        return resource("cloud/aws-ip-ranges-sample.json");
    }

    static Path gcpRanges() {
        return resource("cloud/gcp-cloud-sample.json");
    }

    /** Parses a literal (tests only use literals, so no DNS lookup happens). */
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
