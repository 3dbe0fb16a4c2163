package dev.telemetry.beacon;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The beacon's options: {@code --name value} on the command line, or the environment variable
 * {@code BEACON_<NAME>} (dashes become underscores); the command line wins.
 */
public final class BeaconOptions {
    /** name -> {default, description} */
    static final Map<String, String[]> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("listen", new String[]{"127.0.0.1:8080", "address and port to listen on"});
        KNOWN.put("data-dir", new String[]{"./beacon-data", "where the embedded database lives"});
        KNOWN.put("db", new String[]{"", "a JDBC URL (jdbc:postgresql://host/db); empty: embedded H2 in data-dir"});
        KNOWN.put("db-user", new String[]{"", "database user"});
        KNOWN.put("db-password", new String[]{"", "database password"});
        KNOWN.put("releases", new String[]{"", "the releases file (JSON); re-read when it changes"});
        KNOWN.put("geo-asn", new String[]{"", "a GeoLite2-ASN database (.mmdb)"});
        KNOWN.put("geo-country", new String[]{"", "a GeoLite2-Country database (.mmdb)"});
        KNOWN.put("aws-ranges", new String[]{"", "Amazon's ip-ranges.json"});
        KNOWN.put("gcp-ranges", new String[]{"", "Google Cloud's cloud.json"});
        KNOWN.put("trusted-proxies", new String[]{"", "comma-separated addresses or CIDRs whose X-Forwarded-For is believed"});
        KNOWN.put("rate-limit", new String[]{"60", "reports per client address per minute (0: no limit)"});
        KNOWN.put("retention", new String[]{"400d", "metrics older than this are deleted (e.g. 400d, 30d; at least 7d)"});
        KNOWN.put("admin-token", new String[]{"", "the token the dashboard and /api/ require (Authorization: Bearer ...)"});
    }

    static final Duration MIN_RETENTION = Duration.ofDays(7);
    private final Map<String, String> values = new LinkedHashMap<>();

    public static BeaconOptions parse(String[] args, Map<String, String> env) {
        BeaconOptions o = new BeaconOptions();
        for (Map.Entry<String, String[]> e : KNOWN.entrySet()) {
            String fromEnv = env.get("BEACON_" + e.getKey().toUpperCase(Locale.ROOT).replace('-', '_'));
            o.values.put(e.getKey(), fromEnv != null ? fromEnv : e.getValue()[0]);
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !KNOWN.containsKey(a.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option \"" + a + "\"; see --help");
            }
            o.values.put(a.substring(2), args[++i]);
        }
        return o;
    }

    public static String help() {
        StringBuilder b = new StringBuilder("usage: java -jar beacon.jar [--option value ...]\n"
                + "Every option can also be given as the environment variable BEACON_<OPTION> (e.g. BEACON_DB).\n\n");
        KNOWN.forEach((k, v) -> b.append(String.format("  --%-16s %s%s%n", k, v[1], v[0].isEmpty() ? "" : " (default " + v[0] + ")")));
        return b.toString();
    }

    public String get(String name) {
        return values.get(name);
    }

    public String host() {
        String l = get("listen");
        return l.substring(0, l.lastIndexOf(':'));
    }

    public int port() {
        String l = get("listen");
        return Integer.parseInt(l.substring(l.lastIndexOf(':') + 1));
    }

    public Path path(String name) {
        String v = get(name);
        return v == null || v.isEmpty() ? null : Paths.get(v);
    }

    public String jdbcUrl() {
        String db = get("db");
        if (!db.isEmpty()) {
            return db;
        }
        return "jdbc:h2:file:" + Paths.get(get("data-dir")).toAbsolutePath().resolve("beacon") + ";DB_CLOSE_ON_EXIT=FALSE"
                // a report runs about a dozen distinct statements; H2's default cache of 8 parsed ones would miss
                + ";QUERY_CACHE_SIZE=64";
    }

    public List<String> trustedProxies() {
        List<String> out = new ArrayList<>();
        for (String s : get("trusted-proxies").split(",")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /**
     * At least 7 days: a run whose stored counts retention removed is counted afresh when it reports
     * again, so the retention must be longer than any report interval.
     */
    public Duration retention() {
        String v = get("retention").trim();
        Duration d;
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 'd': d = Duration.ofDays(n); break;
                case 'h': d = Duration.ofHours(n); break;
                case 'm': d = Duration.ofMinutes(n); break;
                default: throw new NumberFormatException();
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--retention: a number followed by d, h or m, such as 400d");
        }
        if (d.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("--retention: at least 7d (runs must outlive the time between their reports)");
        }
        return d;
    }
}
