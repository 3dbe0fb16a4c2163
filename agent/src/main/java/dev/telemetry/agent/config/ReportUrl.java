package dev.telemetry.agent.config;

import java.util.Locale;

/**
 * The {@code url} option's rules: an absolute http(s) URL; HTTPS, or plain HTTP to a loopback
 * address (or anywhere with {@code allow-insecure}). Read by hand, not with {@code java.net.URL}:
 * these run on the premain thread, where a first {@code https} URL looks for handler providers on
 * the whole class path, and where the report client's class (with its watchdog thread) has no
 * business being loaded. The client parses the URL again when the start thread makes it.
 */
public final class ReportUrl {
    private ReportUrl() {}

    /**
     * {@code http(s)://host[:port][/path]}: no whitespace, and a host without {@code /?#}, the form
     * the option's kind accepts.
     */
    public static boolean isHttpUrl(String v) {
        return authority(v) != null;
    }

    /** Why the url cannot be used, in one line naming what is accepted; null when it can. */
    public static String problem(String url, boolean allowInsecure) {
        String host = host(url);
        if (host == null) {
            return "bad value \"" + url + "\" for url; accepted: an absolute http:// or https:// URL";
        }
        if (url.toLowerCase(Locale.ROOT).startsWith("https://") || allowInsecure) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        boolean loopback = h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        return loopback ? null : "url=" + url + " is plain HTTP to a host that is not a loopback address;"
                + " accepted: an https:// URL (or set allow-insecure=true)";
    }

    /** The host as {@code java.net.URL#getHost} gives it (brackets kept), or null when the URL is not one it takes. */
    static String host(String url) {
        String authority = authority(url);
        if (authority == null) {
            return null;
        }
        int at = authority.indexOf('@');
        if (at >= 0 && at != authority.lastIndexOf('@')) {
            return null;
        }
        String hostPort = authority.substring(at + 1);
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = hostPort.substring(0, close + 1);
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                return null;
            }
            port = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        if (port.length() > 9) {
            return null;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return null;
            }
        }
        return host;
    }

    /** What lies between {@code ://} and the path, or null when the URL is not of the accepted form. */
    private static String authority(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
        if (start < 0) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isWhitespace(v.charAt(i))) {
                return null;
            }
        }
        int end = start;
        while (end < v.length() && "/?#".indexOf(v.charAt(end)) < 0) {
            end++;
        }
        if (end < v.length() && v.charAt(end) != '/') {
            return null; // ? or # right after the host
        }
        return end > start ? v.substring(start, end) : null; // a host (with any port) before the path
    }
}
