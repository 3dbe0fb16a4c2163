package dev.telemetry.beacon.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
  * Published IP ranges of public clouds (Amazon Web Services and Google Cloud), answering the
  * provider and region of an address by longest-prefix match over both lists, for IPv4 and IPv6.
  *
  * <p>Reads Amazon's {@code ip-ranges.json} ({@code prefixes[].ip_prefix},
  * {@code ipv6_prefixes[].ipv6_prefix}, each with {@code region}) and Google Cloud's
  * {@code cloud.json} ({@code prefixes[].ipv4Prefix | ipv6Prefix}, with {@code scope} as the
  * region). Malformed entries are skipped. Instances are immutable and thread-safe; to pick up new
  * files, load a new instance and swap the reference.
  *
  * <p>Lookups walk a binary trie (one per address family), so their cost depends on the prefix
  * length (at most 32 or 128 steps), not on the number of ranges.
  */
public final class CloudRanges {

    /** The provider and region of a cloud network. {@code region} may be null if not published. */
    public record Match(String provider, String region) {}

    private static final CloudRanges EMPTY =
            new CloudRanges(Trie.builder(32).build(), Trie.builder(128).build(), List.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Trie ipv4;
    private final Trie ipv6;
    private final List<Match> values;

    private CloudRanges(Trie ipv4, Trie ipv6, List<Match> values) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.values = values;
    }

    /** No ranges at all: every lookup answers empty. */
    public static CloudRanges empty() {
        return EMPTY;
    }

    /**
      * Loads the given files; either may be {@code null} (not configured).
      *
      * @param awsFile Amazon's {@code ip-ranges.json}, or null
      * @param gcpFile Google Cloud's {@code cloud.json}, or null
      * @throws IOException if a configured file cannot be read or is not JSON of the expected shape
      *     (a top-level object with a {@code prefixes} array); individual malformed entries are skipped
      */
    public static CloudRanges load(Path awsFile, Path gcpFile) throws IOException {
        Builder builder = new Builder();
        if (awsFile != null) {
            JsonNode root = readRoot(awsFile);
            for (JsonNode entry : root.path("prefixes")) {
                builder.add(GeoInfo.AWS, text(entry, "ip_prefix"), text(entry, "region"));
            }
            for (JsonNode entry : root.path("ipv6_prefixes")) {
                builder.add(GeoInfo.AWS, text(entry, "ipv6_prefix"), text(entry, "region"));
            }
        }
        if (gcpFile != null) {
            JsonNode root = readRoot(gcpFile);
            for (JsonNode entry : root.path("prefixes")) {
                String prefix = text(entry, "ipv4Prefix");
                if (prefix == null) {
                    prefix = text(entry, "ipv6Prefix");
                }
                builder.add(GeoInfo.GCP, prefix, text(entry, "scope"));
            }
        }
        return builder.build();
    }

    /** The provider and region of the most specific range containing the address, if any. */
    public Optional<Match> lookup(InetAddress address) {
        if (address == null) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int index = bytes.length == 4 ? ipv4.longestMatch(bytes) : ipv6.longestMatch(bytes);
        return index < 0 ? Optional.empty() : Optional.of(values.get(index));
    }

    /** Number of distinct networks loaded (IPv4 plus IPv6). */
    public int size() {
        return ipv4.prefixCount() + ipv6.prefixCount();
    }

    @Override
    public String toString() {
        return "CloudRanges[ipv4=" + ipv4.prefixCount() + ", ipv6=" + ipv6.prefixCount() + "]";
    }

    private static JsonNode readRoot(Path file) throws IOException {
        JsonNode root;
        try (var in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        }
        if (root == null || !root.isObject() || !root.path("prefixes").isArray()) {
            throw new IOException("not a cloud IP ranges file (no \"prefixes\" array): " + file);
        }
        return root;
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String s = value.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static final class Builder {
        private final Trie.Builder ipv4 = Trie.builder(32);
        private final Trie.Builder ipv6 = Trie.builder(128);
        private final Map<Match, Integer> valueIndexes = new HashMap<>();
        private final List<Match> values = new ArrayList<>();

        void add(String provider, String prefix, String region) {
            Cidr cidr = Cidr.parse(prefix);
            if (cidr == null || prefix.indexOf('/') < 0) {
                return; // malformed entry
            }
            Integer index = valueIndexes.get(new Match(provider, region));
            if (index == null) {
                index = values.size();
                Match match = new Match(provider, region);
                values.add(match);
                valueIndexes.put(match, index);
            }
            (cidr.isIpv4() ? ipv4 : ipv6).insert(cidr.network(), cidr.prefixLength(), index);
        }

        CloudRanges build() {
            return new CloudRanges(ipv4.build(), ipv6.build(), List.copyOf(values));
        }
    }

    /**
      * A binary trie over address bits, stored in parallel int arrays (node 0 is the root). Each node
      * may carry a value index; a lookup returns the value of the deepest node on the address's path.
      */
    static final class Trie {
        private final int[] zero;
        private final int[] one;
        private final int[] value;
        private final int prefixCount;

        private Trie(int[] zero, int[] one, int[] value, int prefixCount) {
            this.zero = zero;
            this.one = one;
            this.value = value;
            this.prefixCount = prefixCount;
        }

        static Builder builder(int bits) {
            return new Builder(bits);
        }

        int prefixCount() {
            return prefixCount;
        }

        /** Value index of the longest prefix containing the address, or -1. */
        int longestMatch(byte[] address) {
            int node = 0;
            int best = value[0];
            int bits = address.length * 8;
            for (int bit = 0; bit < bits; bit++) {
                int next = ((address[bit >>> 3] >>> (7 - (bit & 7))) & 1) == 0 ? zero[node] : one[node];
                if (next == 0) {
                    break;
                }
                node = next;
                if (value[node] >= 0) {
                    best = value[node];
                }
            }
            return best;
        }

        static final class Builder {
            private final int bits;
            private int[] zero = new int[256];
            private int[] one = new int[256];
            private int[] value = new int[256];
            private int size = 1;
            private int prefixCount;

            private Builder(int bits) {
                this.bits = bits;
                Arrays.fill(value, -1);
            }

            /** Adds a prefix; if the same prefix was already added, the first value is kept. */
            void insert(byte[] network, int prefixLength, int valueIndex) {
                if (network.length * 8 != bits || prefixLength < 0 || prefixLength > bits) {
                    throw new IllegalArgumentException("bad prefix");
                }
                int node = 0;
                for (int bit = 0; bit < prefixLength; bit++) {
                    boolean isOne = ((network[bit >>> 3] >>> (7 - (bit & 7))) & 1) != 0;
                    int next = isOne ? one[node] : zero[node];
                    if (next == 0) {
                        next = newNode();
                        if (isOne) {
                            one[node] = next;
                        } else {
                            zero[node] = next;
                        }
                    }
                    node = next;
                }
                if (value[node] < 0) {
                    value[node] = valueIndex;
                    prefixCount++;
                }
            }

            private int newNode() {
                if (size == zero.length) {
                    int capacity = zero.length * 2;
                    zero = Arrays.copyOf(zero, capacity);
                    one = Arrays.copyOf(one, capacity);
                    int old = value.length;
                    value = Arrays.copyOf(value, capacity);
                    Arrays.fill(value, old, capacity, -1);
                }
                return size++;
            }

            Trie build() {
                return new Trie(
                        Arrays.copyOf(zero, size),
                        Arrays.copyOf(one, size),
                        Arrays.copyOf(value, size),
                        prefixCount);
            }
        }
    }
}
