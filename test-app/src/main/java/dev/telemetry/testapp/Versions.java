package dev.telemetry.testapp;

/** Compares dotted versions numerically (1.10.0 > 1.9.2); a pre-release (1.2.0-rc1) sorts below its release. */
final class Versions {
    private Versions() {}

    static int compare(String a, String b) {
        String[] pa = a.split("-", 2);
        String[] pb = b.split("-", 2);
        String[] na = pa[0].split("\\.");
        String[] nb = pb[0].split("\\.");
        for (int i = 0; i < Math.max(na.length, nb.length); i++) {
            long x = i < na.length ? number(na[i]) : 0;
            long y = i < nb.length ? number(nb[i]) : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        if (pa.length != pb.length) {
            return pa.length == 1 ? 1 : -1; // a release beats its pre-release
        }
        return pa.length == 1 ? 0 : pa[1].compareTo(pb[1]);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1; // unknown or unparsable sorts lowest
        }
    }
}
