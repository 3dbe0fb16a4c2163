package dev.telemetry.beacon.releases;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A semantic version, ordered by SemVer 2.0.0 precedence.
 *
 * <p>Accepted syntax (surrounding whitespace is ignored):
 * {@code [v|V]MAJOR[.MINOR[.PATCH]][-PRERELEASE][+BUILD]}
 * <ul>
 *   <li>MAJOR, MINOR, PATCH: ASCII digits, each fitting in a {@code long}; a missing MINOR or PATCH
 *       is 0. Leading zeros are tolerated (unlike strict SemVer) and normalised away: {@code 1.01}
 *       is {@code 1.1.0}.</li>
 *   <li>More than three numeric components ({@code 1.2.3.4}) is not a semantic version: {@link
 *       #parse} returns null.</li>
 *   <li>PRERELEASE and BUILD: non-empty dot-separated identifiers of {@code [0-9A-Za-z-]}. A
 *       purely numeric pre-release identifier is numeric (leading zeros tolerated and normalised
 *       away, any length).</li>
 *   <li>BUILD is kept in {@link #toString()} but ignored by {@link #compareTo}, {@link #equals}
 *       and {@link #hashCode} (so equality is consistent with the ordering).</li>
 * </ul>
 *
 * <p>Ordering: numeric core first; a pre-release is lower than the same core without one;
 * pre-release identifiers compare left to right, numeric ones numerically and lower than
 * alphanumeric ones, alphanumeric ones in ASCII order, and a shorter list is lower when all of
 * its identifiers equal the longer list's first ones.
 */
public final class Version implements Comparable<Version> {

    private final long major;
    private final long minor;
    private final long patch;
    /** Normalised pre-release identifiers; empty for a release. */
    private final List<String> preRelease;
    /** Build identifiers as given; empty when there is none. */
    private final List<String> build;

    private Version(long major, long minor, long patch, List<String> preRelease, List<String> build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
        this.build = build;
    }

    /** Parses {@code text}; returns null when it is null or not a version as described above. */
    public static Version parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.startsWith("v") || s.startsWith("V")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }

        List<String> build = List.of();
        int plus = s.indexOf('+');
        if (plus >= 0) {
            build = identifiers(s.substring(plus + 1), false);
            if (build == null) {
                return null;
            }
            s = s.substring(0, plus);
        }

        List<String> pre = List.of();
        int dash = s.indexOf('-');
        if (dash >= 0) {
            pre = identifiers(s.substring(dash + 1), true);
            if (pre == null) {
                return null;
            }
            s = s.substring(0, dash);
        }

        // s is now the numeric core: 1 to 3 non-empty digit runs separated by single dots.
        String[] parts = s.split("\\.", -1);
        if (parts.length > 3) {
            return null;
        }
        long[] core = new long[3];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() || !allDigits(part)) {
                return null;
            }
            try {
                core[i] = Long.parseLong(part);
            } catch (NumberFormatException tooBig) {
                return null;
            }
        }
        return new Version(core[0], core[1], core[2], pre, build);
    }

    /** Dot-separated non-empty identifiers of [0-9A-Za-z-], or null when malformed. */
    private static List<String> identifiers(String s, boolean normaliseNumeric) {
        if (s.isEmpty()) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        List<String> out = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || c == '-';
                if (!ok) {
                    return null;
                }
            }
            out.add(normaliseNumeric && allDigits(part) ? stripLeadingZeros(part) : part);
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    public long major() {
        return major;
    }

    public long minor() {
        return minor;
    }

    public long patch() {
        return patch;
    }

    /** The pre-release identifiers (normalised), empty for a release. */
    public List<String> preRelease() {
        return preRelease;
    }

    /** The build metadata identifiers, empty when there is none. */
    public List<String> build() {
        return build;
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** True when this version has strictly lower precedence than {@code other}. */
    public boolean isLowerThan(Version other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(Version o) {
        int c = Long.compare(major, o.major);
        if (c != 0) {
            return c;
        }
        c = Long.compare(minor, o.minor);
        if (c != 0) {
            return c;
        }
        c = Long.compare(patch, o.patch);
        if (c != 0) {
            return c;
        }
        // A release ranks above any of its pre-releases.
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        int n = Math.min(preRelease.size(), o.preRelease.size());
        for (int i = 0; i < n; i++) {
            c = compareIdentifiers(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifiers(String a, String b) {
        boolean aNum = allDigits(a);
        boolean bNum = allDigits(b);
        if (aNum && bNum) {
            // Both normalised (no leading zeros): a longer run of digits is a bigger number.
            int c = Integer.compare(a.length(), b.length());
            return c != 0 ? c : a.compareTo(b);
        }
        if (aNum != bNum) {
            return aNum ? -1 : 1;
        }
        return a.compareTo(b); // identifiers are ASCII, so UTF-16 order is ASCII order
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version && compareTo((Version) o) == 0;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(major);
        h = 31 * h + Long.hashCode(minor);
        h = 31 * h + Long.hashCode(patch);
        return 31 * h + preRelease.hashCode();
    }

    /** Normalised form: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}, without a leading v. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.')
                .append(patch);
        if (!preRelease.isEmpty()) {
            sb.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            sb.append('+').append(String.join(".", build));
        }
        return sb.toString();
    }
}
