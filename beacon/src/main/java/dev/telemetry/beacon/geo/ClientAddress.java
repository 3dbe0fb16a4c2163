package dev.telemetry.beacon.geo;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
  * Determines the client address of a request from the TCP peer address and the
  * {@code X-Forwarded-For} header.
  *
  * <p>The header is honoured only when the peer is a trusted proxy; then the header is read from the
  * right and the first address that is not itself a trusted proxy is the client. If every address in
  * the header is a trusted proxy, the left-most one is taken. A malformed header (any entry, met
  * before the client is found, that is not an IP literal) is ignored and the peer is taken.
  *
  * <p>Only IP literals are parsed; host names are rejected, so no DNS lookup ever happens. Nothing is
  * logged or kept. Instances are immutable and thread-safe.
  */
public final class ClientAddress {

    /** Longest header we look at; anything longer is treated as malformed. */
    private static final int MAX_HEADER_LENGTH = 4096;

    private final List<Cidr> trustedProxies;

    /**
      * @param trustedProxies addresses or CIDR networks of trusted reverse proxies, e.g.
      *     {@code "127.0.0.1"}, {@code "10.0.0.0/8"}, {@code "::1"}; null or empty trusts none
      * @throws IllegalArgumentException if an entry is not an IP address or CIDR network
      */
    public ClientAddress(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        if (trustedProxies != null) {
            for (String entry : trustedProxies) {
                if (entry == null || entry.isBlank()) {
                    continue;
                }
                Cidr cidr = Cidr.parse(entry);
                if (cidr == null) {
                    throw new IllegalArgumentException(
                            "trusted proxy is not an IP address or CIDR network: " + entry);
                }
                parsed.add(cidr);
            }
        }
        this.trustedProxies = List.copyOf(parsed);
    }

    /** Convenience: {@code new ClientAddress(trustedProxies).resolve(peer, xForwardedFor)}. */
    public static InetAddress resolve(String peer, String xForwardedFor, List<String> trustedProxies) {
        return new ClientAddress(trustedProxies).resolve(peer, xForwardedFor);
    }

    /**
      * The client address.
      *
      * @param peer the TCP peer address as an IP literal (as Javalin's {@code ctx.ip()} gives it)
      * @param xForwardedFor the {@code X-Forwarded-For} header value (all occurrences joined with
      *     commas), or null
      * @return the client address, or null only if {@code peer} itself is not an IP literal
      */
    public InetAddress resolve(String peer, String xForwardedFor) {
        InetAddress peerAddress = IpLiterals.parse(peer);
        if (peerAddress == null) {
            return null;
        }
        if (xForwardedFor == null || trustedProxies.isEmpty() || !isTrusted(peerAddress)) {
            return peerAddress;
        }
        if (xForwardedFor.isBlank() || xForwardedFor.length() > MAX_HEADER_LENGTH) {
            return peerAddress;
        }
        String[] hops = xForwardedFor.split(",", -1);
        InetAddress leftmost = null;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (hop.isEmpty()) {
                continue; // tolerate empty elements ("a, , b" or a trailing comma)
            }
            InetAddress hopAddress = IpLiterals.parse(hop);
            if (hopAddress == null) {
                return peerAddress; // malformed: cannot tell who the client is
            }
            if (!isTrusted(hopAddress)) {
                return hopAddress;
            }
            leftmost = hopAddress;
        }
        return leftmost != null ? leftmost : peerAddress;
    }

    /** Whether the address is one of the trusted proxies. */
    public boolean isTrusted(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }
}
