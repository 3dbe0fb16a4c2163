package dev.telemetry.beacon.geo;

import java.net.InetAddress;
import java.util.Arrays;

/**
  * An IPv4 or IPv6 network in CIDR notation. Host bits below the prefix are cleared. Parsing never
  * does DNS lookups.
  */
final class Cidr {

    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
      * Parses {@code "192.0.2.0/24"}, {@code "2001:db8::/32"} or a bare address (a single-host
      * network). Returns {@code null} if the text is not valid.
      */
    static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        if (addressPart.isEmpty() || addressPart.charAt(0) == '[') {
            return null;
        }
        boolean ipv6Text = addressPart.indexOf(':') >= 0;
        byte[] bytes;
        if (ipv6Text) {
            InetAddress address = IpLiterals.parseIpv6(addressPart);
            bytes = address == null ? null : address.getAddress();
        } else {
            bytes = IpLiterals.parseIpv4(addressPart);
        }
        if (bytes == null) {
            return null;
        }
        int maxBits = bytes.length * 8;
        int length = maxBits;
        if (slash >= 0) {
            String lengthPart = s.substring(slash + 1);
            if (lengthPart.isEmpty() || lengthPart.length() > 3) {
                return null;
            }
            for (int i = 0; i < lengthPart.length(); i++) {
                if (lengthPart.charAt(i) < '0' || lengthPart.charAt(i) > '9') {
                    return null;
                }
            }
            length = Integer.parseInt(lengthPart);
            if (ipv6Text && bytes.length == 4) {
                // IPv4-mapped IPv6 network (::ffff:a.b.c.d/len): the length counts 128 bits.
                length -= 96;
                if (length < 0) {
                    return null;
                }
            }
            if (length > maxBits) {
                return null;
            }
        }
        clearHostBits(bytes, length);
        return new Cidr(bytes, length);
    }

    /** The network address bytes (4 or 16), host bits cleared. A copy. */
    byte[] network() {
        return network.clone();
    }

    int prefixLength() {
        return prefixLength;
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    boolean contains(InetAddress address) {
        return address != null && contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int remainingBits = prefixLength % 8;
        if (remainingBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - remainingBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    private static void clearHostBits(byte[] bytes, int length) {
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other
                && prefixLength == other.prefixLength
                && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        // Networks here are configuration or published cloud ranges, never client addresses.
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            return "?/" + prefixLength;
        }
    }
}
