package dev.telemetry.beacon.geo;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
  * Parses IP address literals without ever doing a DNS lookup: anything that is not an IPv4 or IPv6
  * literal (host names included) is rejected.
  */
final class IpLiterals {

    private IpLiterals() {}

    /**
      * Parses an IPv4 or IPv6 literal, or returns {@code null}. Accepts surrounding whitespace, an
      * IPv6 literal in brackets ({@code [2001:db8::1]}), a port after an IPv4 literal or a bracketed
      * IPv6 literal ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}), and drops an IPv6 zone id.
      * IPv4-mapped IPv6 addresses come back as {@link Inet4Address}.
      */
    static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            String rest = s.substring(close + 1);
            if (!rest.isEmpty() && !isPort(rest)) {
                return null;
            }
            return parseIpv6(s.substring(1, close));
        }
        int firstColon = s.indexOf(':');
        if (firstColon < 0) {
            byte[] v4 = parseIpv4(s);
            return v4 == null ? null : byAddress(v4);
        }
        if (firstColon == s.lastIndexOf(':')) {
            // Exactly one colon: only "IPv4:port" makes sense.
            if (!isPort(s.substring(firstColon))) {
                return null;
            }
            byte[] v4 = parseIpv4(s.substring(0, firstColon));
            return v4 == null ? null : byAddress(v4);
        }
        return parseIpv6(s);
    }

    /** Strict dotted-quad IPv4: four decimal parts 0-255, no leading zeros. Null if not one. */
    static byte[] parseIpv4(String s) {
        if (s == null) {
            return null;
        }
        int len = s.length();
        if (len < 7 || len > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= len; i++) {
            char c = i < len ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && value == 0) {
                    return null; // leading zero: ambiguous (octal in some parsers)
                }
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    /**
      * IPv6 literal (no brackets). Only hex digits, ':' and '.' (for an embedded IPv4 tail) are
      * allowed, the text must start with a hex digit or ':' and contain ':'; under those conditions
      * {@link InetAddress#getByName} treats it as a literal and never queries DNS.
      */
    static InetAddress parseIpv6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.length() < 2 || s.length() > 45 || s.indexOf(':') < 0) {
            return null;
        }
        char first = s.charAt(0);
        if (first != ':' && Character.digit(first, 16) < 0) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                    || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isPort(String colonAndPort) {
        int len = colonAndPort.length();
        if (len < 2 || len > 6 || colonAndPort.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < len; i++) {
            char c = colonAndPort.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Integer.parseInt(colonAndPort.substring(1)) <= 65535;
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes); // no lookup: the address is given as bytes
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
