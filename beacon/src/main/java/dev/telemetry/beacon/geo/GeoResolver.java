package dev.telemetry.beacon.geo;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
  * Derives {@link GeoInfo} (autonomous system, country, cloud provider and region) from a client
  * address. Never throws, never logs and never keeps the address.
  *
  * <p>Thread-safe. Closing it closes the MaxMind databases it was given.
  */
public final class GeoResolver implements Closeable {

    private final MaxMindLookup maxMind;
    private final CloudRanges cloud;

    /**
      * @param maxMind MaxMind databases, or null if none are configured
      * @param cloud cloud ranges, or null if none are configured
      */
    public GeoResolver(MaxMindLookup maxMind, CloudRanges cloud) {
        this.maxMind = maxMind;
        this.cloud = cloud == null ? CloudRanges.empty() : cloud;
    }

    /** A resolver that knows nothing: every address gives {@link GeoInfo#NONE}. */
    public static GeoResolver disabled() {
        return new GeoResolver(null, null);
    }

    /**
      * What can be derived about the address. Null, private, loopback, link-local and other
      * non-public addresses give {@link GeoInfo#NONE} without any lookup; a failing source contributes
      * nothing while the others still answer.
      */
    public GeoInfo resolve(InetAddress address) {
        try {
            if (address == null || !isPublic(address)) {
                return GeoInfo.NONE;
            }
            GeoInfo info = GeoInfo.NONE;
            if (maxMind != null) {
                try {
                    info = maxMind.lookup(address);
                } catch (RuntimeException e) {
                    info = GeoInfo.NONE;
                }
            }
            try {
                Optional<CloudRanges.Match> match = cloud.lookup(address);
                if (match.isPresent()) {
                    info = info.withCloud(match.get().provider(), match.get().region());
                }
            } catch (RuntimeException e) {
                // keep what we have
            }
            return info;
        } catch (RuntimeException e) {
            return GeoInfo.NONE;
        }
    }

    /**
      * False for addresses that cannot identify a client on the public internet: unspecified,
      * loopback, link-local, site-local/private (RFC 1918), multicast, carrier-grade NAT
      * (100.64.0.0/10), 0.0.0.0/8, 255.255.255.255 and IPv6 unique-local (fc00::/7).
      */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            return (b[0] & 0xFE) != 0xFC; // unique local fc00::/7
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        if (first == 0) {
            return false; // "this network"
        }
        if (first == 100 && (second & 0xC0) == 64) {
            return false; // shared address space (CGNAT) 100.64.0.0/10
        }
        return !(first == 255 && second == 255 && (b[2] & 0xFF) == 255 && (b[3] & 0xFF) == 255);
    }

    @Override
    public void close() throws IOException {
        if (maxMind != null) {
            maxMind.close();
        }
    }
}
