package dev.telemetry.beacon.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes the dashboard breaks installations down by, computed in this one place from what
 * an installation said about itself and what the beacon derived from its address.
 */
public final class Facets {
    /** The dims of {@code active_by}, in the dashboard's order; "all" counts every installation once. */
    public static final List<String> DIMS = List.of("all", "backend", "installation_type", "java", "os_arch",
            "country", "cloud", "telemetry");

    /**
     * The version of the rows that count installations across versions (daily_active, gaps_by, the
     * gap ledger): an installation that changed version counts once there.
     */
    public static final String ANY_VERSION = "*";

    private Facets() {}

    public static Map<String, String> of(String backend, String installationType, String javaVersion, String os,
                                         String arch, String country, String cloudProvider, String cloudRegion,
                                         String telemetry) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("all", "");
        m.put("backend", backend);
        m.put("installation_type", installationType);
        m.put("java", javaMajor(javaVersion));
        m.put("os_arch", os + "/" + arch);
        m.put("country", country == null ? "unknown" : country);
        m.put("cloud", cloudProvider == null ? "none" : cloudProvider + "/" + (cloudRegion == null ? "unknown" : cloudRegion));
        m.put("telemetry", telemetry);
        m.replaceAll((k, v) -> v.length() <= 128 ? v : v.substring(0, 128));
        return m;
    }

    /** "17.0.15" -> "17", "1.8.0_392" -> "8", "25" -> "25"; anything else as it is. */
    static String javaMajor(String v) {
        String s = v.startsWith("1.") ? v.substring(2) : v;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? v : s.substring(0, end);
    }
}
