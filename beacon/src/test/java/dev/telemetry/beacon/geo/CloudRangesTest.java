package dev.telemetry.beacon.geo;

import static dev.telemetry.beacon.geo.TestData.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudRangesTest {

    private static final CloudRanges SAMPLES = load();

    private static CloudRanges load() {
        try {
            return CloudRanges.load(TestData.awsRanges(), TestData.gcpRanges());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<CloudRanges.Match> match(String provider, String region) {
        return Optional.of(new CloudRanges.Match(provider, region));
    }

    @Test
    void awsIpv4Regions() {
        assertThat(SAMPLES.lookup(ip("3.5.140.10"))).isEqualTo(match("aws", "ap-northeast-2"));
        assertThat(SAMPLES.lookup(ip("3.5.143.255"))).isEqualTo(match("aws", "ap-northeast-2"));
        assertThat(SAMPLES.lookup(ip("18.156.1.1"))).isEqualTo(match("aws", "eu-central-1"));
        assertThat(SAMPLES.lookup(ip("18.159.255.255"))).isEqualTo(match("aws", "eu-central-1"));
        assertThat(SAMPLES.lookup(ip("13.34.37.70"))).isEqualTo(match("aws", "ap-southeast-4"));
        assertThat(SAMPLES.lookup(ip("52.94.76.1"))).isEqualTo(match("aws", "us-west-2"));
    }

    @Test
    void awsIpv6Region() {
        assertThat(SAMPLES.lookup(ip("2600:1f14::1"))).isEqualTo(match("aws", "us-west-2"));
        assertThat(SAMPLES.lookup(ip("2600:1f14:1fff:ffff::1"))).isEqualTo(match("aws", "us-west-2"));
    }

    @Test
    void gcpRegions() {
        assertThat(SAMPLES.lookup(ip("35.186.1.1"))).isEqualTo(match("gcp", "us-central1"));
        assertThat(SAMPLES.lookup(ip("34.35.1.1"))).isEqualTo(match("gcp", "africa-south1"));
        assertThat(SAMPLES.lookup(ip("34.1.208.1"))).isEqualTo(match("gcp", "africa-south1"));
        assertThat(SAMPLES.lookup(ip("2600:1900:4010::1"))).isEqualTo(match("gcp", "europe-west1"));
    }

    @Test
    void boundariesAndUnknownAddresses() {
        assertThat(SAMPLES.lookup(ip("3.5.139.255"))).isEmpty(); // just below 3.5.140.0/22
        assertThat(SAMPLES.lookup(ip("3.5.144.0"))).isEmpty(); // just above
        assertThat(SAMPLES.lookup(ip("18.160.0.0"))).isEmpty(); // just above 18.156.0.0/14
        assertThat(SAMPLES.lookup(ip("13.34.37.96"))).isEmpty(); // just above 13.34.37.64/27
        assertThat(SAMPLES.lookup(ip("35.186.128.0"))).isEmpty(); // just above 35.186.0.0/17
        assertThat(SAMPLES.lookup(ip("2600:1f14:2000::"))).isEmpty(); // just above 2600:1f14::/35
        assertThat(SAMPLES.lookup(ip("2600:1900:4020::1"))).isEmpty();
        assertThat(SAMPLES.lookup(ip("203.0.113.5"))).isEmpty();
        assertThat(SAMPLES.lookup(ip("2001:db8::1"))).isEmpty();
        assertThat(SAMPLES.lookup(null)).isEmpty();
    }

    @Test
    void duplicatePrefixCountedOnce() {
        // 3.5.140.0/22 is listed once per service (AMAZON, S3).
        assertThat(SAMPLES.size()).isEqualTo(4 + 1 + 3 + 1);
    }

    @Test
    void longestPrefixWinsAcrossProvidersAndFamilies(@TempDir Path dir) throws IOException {
        Path aws = Files.writeString(dir.resolve("ip-ranges.json"), """
        {"prefixes": [
          {"ip_prefix": "34.0.0.0/8", "region": "us-east-1", "service": "AMAZON"},
          {"ip_prefix": "34.35.1.0/24", "region": "eu-west-3", "service": "EC2"},
          {"ip_prefix": "34.35.1.128/32", "region": "eu-north-1", "service": "EC2"}
        ],
        "ipv6_prefixes": [
          {"ipv6_prefix": "2600:1f00::/24", "region": "GLOBAL", "service": "AMAZON"},
          {"ipv6_prefix": "2600:1f14::/35", "region": "us-west-2", "service": "EC2"}
        ]}
        """);
        Path gcp = Files.writeString(dir.resolve("cloud.json"), """
        {"prefixes": [
          {"ipv4Prefix": "34.35.0.0/16", "scope": "africa-south1"},
          {"ipv6Prefix": "2600:1f14:1000::/36", "scope": "us-east4"}
        ]}
        """);
        CloudRanges ranges = CloudRanges.load(aws, gcp);
        assertThat(ranges.lookup(ip("34.1.2.3"))).isEqualTo(match("aws", "us-east-1"));
        assertThat(ranges.lookup(ip("34.35.2.3"))).isEqualTo(match("gcp", "africa-south1"));
        assertThat(ranges.lookup(ip("34.35.1.3"))).isEqualTo(match("aws", "eu-west-3"));
        assertThat(ranges.lookup(ip("34.35.1.128"))).isEqualTo(match("aws", "eu-north-1"));
        assertThat(ranges.lookup(ip("34.35.1.129"))).isEqualTo(match("aws", "eu-west-3"));
        assertThat(ranges.lookup(ip("2600:1f99::1"))).isEqualTo(match("aws", "GLOBAL"));
        assertThat(ranges.lookup(ip("2600:1f14::1"))).isEqualTo(match("aws", "us-west-2"));
        assertThat(ranges.lookup(ip("2600:1f14:1000::1"))).isEqualTo(match("gcp", "us-east4"));
        // An IPv4 address never matches an IPv6 range and vice versa.
        assertThat(ranges.lookup(ip("38.0.0.1"))).isEmpty();
        assertThat(ranges.lookup(ip("::2200:1"))).isEmpty();
    }

    @Test
    void malformedEntriesAreIgnored(@TempDir Path dir) throws IOException {
        Path aws = Files.writeString(dir.resolve("ip-ranges.json"), """
        {"prefixes": [
          {"ip_prefix": "not-a-prefix", "region": "x"},
          {"ip_prefix": "300.1.2.0/24", "region": "x"},
          {"ip_prefix": "5.6.7.0/33", "region": "x"},
          {"ip_prefix": "5.6.7.0/", "region": "x"},
          {"ip_prefix": "5.6.7.0", "region": "x"},
          {"ip_prefix": "example.com/24", "region": "x"},
          {"ip_prefix": 123, "region": "x"},
          {"region": "x"},
          "just a string",
          {"ip_prefix": "8.8.0.0/16", "region": "us-east-1"},
          {"ip_prefix": "9.9.0.0/16"}
        ],
        "ipv6_prefixes": [
          {"ipv6_prefix": "2600:zz::/32", "region": "x"},
          {"ipv6_prefix": "2600:1f14::/129", "region": "x"},
          {"ipv6_prefix": "2600:1f14::/40", "region": "us-west-2"}
        ]}
        """);
        Path gcp = Files.writeString(dir.resolve("cloud.json"), """
        {"prefixes": [
          {"ipv4Prefix": "", "scope": "x"},
          {"somethingElse": "1.2.3.0/24", "scope": "x"},
          {"ipv4Prefix": "35.186.0.0/17", "scope": "us-central1"}
        ]}
        """);
        CloudRanges ranges = CloudRanges.load(aws, gcp);
        assertThat(ranges.size()).isEqualTo(4);
        assertThat(ranges.lookup(ip("8.8.8.8"))).isEqualTo(match("aws", "us-east-1"));
        assertThat(ranges.lookup(ip("9.9.9.9"))).isEqualTo(match("aws", null));
        assertThat(ranges.lookup(ip("2600:1f14::5"))).isEqualTo(match("aws", "us-west-2"));
        assertThat(ranges.lookup(ip("35.186.0.1"))).isEqualTo(match("gcp", "us-central1"));
        assertThat(ranges.lookup(ip("5.6.7.1"))).isEmpty();
        assertThat(ranges.lookup(ip("1.2.3.4"))).isEmpty();
    }

    @Test
    void eachFileIsOptional() throws IOException {
        CloudRanges awsOnly = CloudRanges.load(TestData.awsRanges(), null);
        assertThat(awsOnly.lookup(ip("18.156.1.1"))).isEqualTo(match("aws", "eu-central-1"));
        assertThat(awsOnly.lookup(ip("35.186.1.1"))).isEmpty();
        CloudRanges gcpOnly = CloudRanges.load(null, TestData.gcpRanges());
        assertThat(gcpOnly.lookup(ip("35.186.1.1"))).isEqualTo(match("gcp", "us-central1"));
        assertThat(gcpOnly.lookup(ip("18.156.1.1"))).isEmpty();
        assertThat(CloudRanges.load(null, null).size()).isZero();
        assertThat(CloudRanges.empty().lookup(ip("18.156.1.1"))).isEmpty();
    }

    @Test
    void unreadableOrWrongShapeFilesFail(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> CloudRanges.load(dir.resolve("absent.json"), null))
                .isInstanceOf(IOException.class);
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{ nope");
        assertThatThrownBy(() -> CloudRanges.load(null, notJson)).isInstanceOf(IOException.class);
        Path array = Files.writeString(dir.resolve("array.json"), "[1, 2]");
        assertThatThrownBy(() -> CloudRanges.load(array, null)).isInstanceOf(IOException.class);
    }

    /** Tens of thousands of random, often nested prefixes: the trie agrees with a linear scan. */
    @Test
    void manyPrefixesAgreeWithLinearScanAndAreFast(@TempDir Path dir) throws IOException {
        Random random = new Random(42);
        List<String> aws = new ArrayList<>();
        List<String> awsV6 = new ArrayList<>();
        List<String> gcp = new ArrayList<>();
        List<Cidr> cidrs = new ArrayList<>();
        List<CloudRanges.Match> matches = new ArrayList<>();
        Set<Cidr> seen = new HashSet<>();
        for (int i = 0; i < 30_000; i++) {
            boolean v6 = i % 3 == 0;
            byte[] bytes = new byte[v6 ? 16 : 4];
            random.nextBytes(bytes);
            if (v6) {
                bytes[0] = 0x26; // keep them in a small area of the space so that many nest
                bytes[1] = 0x00;
            } else {
                bytes[0] = (byte) (random.nextInt(4) + 10); // 10.x - 13.x
            }
            int length = v6 ? 16 + random.nextInt(49) : 8 + random.nextInt(25);
            String text = InetAddress.getByAddress(bytes).getHostAddress() + "/" + length;
            Cidr cidr = Cidr.parse(text);
            if (!seen.add(cidr)) {
                continue; // first listing wins; keep the oracle simple
            }
            String region = "r" + i;
            boolean google = i % 5 == 0;
            cidrs.add(cidr);
            matches.add(new CloudRanges.Match(google ? "gcp" : "aws", region));
            if (google) {
                gcp.add(String.format("{\"%s\": \"%s\", \"scope\": \"%s\"}",
                        v6 ? "ipv6Prefix" : "ipv4Prefix", text, region));
            } else if (v6) {
                awsV6.add(String.format("{\"ipv6_prefix\": \"%s\", \"region\": \"%s\"}", text, region));
            } else {
                aws.add(String.format("{\"ip_prefix\": \"%s\", \"region\": \"%s\"}", text, region));
            }
        }
        Path awsFile = Files.writeString(dir.resolve("aws.json"), "{\"prefixes\": ["
                + String.join(",", aws) + "], \"ipv6_prefixes\": [" + String.join(",", awsV6) + "]}");
        Path gcpFile = Files.writeString(dir.resolve("gcp.json"),
                "{\"prefixes\": [" + String.join(",", gcp) + "]}");
        CloudRanges ranges = CloudRanges.load(awsFile, gcpFile);
        assertThat(ranges.size()).isEqualTo(cidrs.size());

        List<InetAddress> probes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Half inside a known prefix (so that nesting is exercised), half random in the same area.
            Cidr base = cidrs.get(random.nextInt(cidrs.size()));
            byte[] bytes = base.network();
            if (i % 2 == 0) {
                for (int bit = base.prefixLength(); bit < bytes.length * 8; bit++) {
                    if (random.nextBoolean()) {
                        bytes[bit >>> 3] |= (byte) (0x80 >>> (bit & 7));
                    }
                }
            } else {
                byte first = bytes[0];
                byte second = bytes[1];
                random.nextBytes(bytes);
                bytes[0] = first;
                if (bytes.length == 16) {
                    bytes[1] = second;
                }
            }
            probes.add(InetAddress.getByAddress(bytes));
        }
        for (InetAddress probe : probes) {
            byte[] probeBytes = probe.getAddress();
            CloudRanges.Match expected = null;
            int bestLength = -1;
            for (int j = 0; j < cidrs.size(); j++) {
                Cidr cidr = cidrs.get(j);
                if (cidr.prefixLength() > bestLength && cidr.contains(probeBytes)) {
                    bestLength = cidr.prefixLength();
                    expected = matches.get(j);
                }
            }
            assertThat(ranges.lookup(probe)).as("%s", probe).isEqualTo(Optional.ofNullable(expected));
        }

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int round = 0; round < 200; round++) {
                for (InetAddress probe : probes) {
                    ranges.lookup(probe);
                }
            }
        });
    }
}
