package dev.telemetry.contract;

/**
 * What a name in a report may be (docs/report-format.md): the agent lets only such names through
 * and the beacon refuses a report with any other. Checked by plain character loops: the agent calls
 * these at start and on failed dispatches, where a regular expression would cost class loading and
 * a Matcher per call.
 */
public final class ReportNames {
    /** The longest command, operator, identifier and application name. */
    public static final int MAX_NAME = 64;
    /** The longest version and build tag. */
    public static final int MAX_VERSION = 32;
    /** The longest runtime fact (java.version, java.vendor, os.name, os.arch). */
    public static final int MAX_PRINTABLE = 128;

    private ReportNames() {}

    /** A command: {@code [A-Za-z][A-Za-z0-9_.:-]{0,63}}. */
    public static boolean isCommand(String s) {
        if (!sized(s, MAX_NAME) || !letter(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!letter(c) && !digit(c) && c != '_' && c != '.' && c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** An identifier (an error name, a result, a backend, a generic operator): {@code [A-Za-z_][A-Za-z0-9_]{0,63}}. */
    public static boolean isIdentifier(String s) {
        return sized(s, MAX_NAME) && identifierFrom(s, 0);
    }

    /** An operator: an identifier, or {@code $} and an identifier; at most 64 characters either way. */
    public static boolean isOperator(String s) {
        if (!sized(s, MAX_NAME)) {
            return false;
        }
        int from = s.charAt(0) == '$' ? 1 : 0;
        return from < s.length() && identifierFrom(s, from);
    }

    /** An application name (and the dashboard's filter on it): {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. */
    public static boolean isAppName(String s) {
        return word(s, MAX_NAME, false);
    }

    /** A version (the application's, the agent's): {@code [0-9A-Za-z][0-9A-Za-z.+_-]{0,31}}. */
    public static boolean isVersion(String s) {
        return word(s, MAX_VERSION, true);
    }

    /** A build tag: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,31}}. */
    public static boolean isBuildTag(String s) {
        return word(s, MAX_VERSION, false);
    }

    /** A runtime fact: 1 to 128 printable ASCII characters, {@code [\x20-\x7E]{1,128}}. */
    public static boolean isPrintable(String s) {
        if (!sized(s, MAX_PRINTABLE)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean sized(String s, int max) {
        return s != null && !s.isEmpty() && s.length() <= max;
    }

    private static boolean identifierFrom(String s, int from) {
        char first = s.charAt(from);
        if (!letter(first) && first != '_') {
            return false;
        }
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!letter(c) && !digit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** A letter or digit, then letters, digits, '.', '_', '-' (and '+' where {@code plus}). */
    private static boolean word(String s, int max, boolean plus) {
        if (!sized(s, max) || !(letter(s.charAt(0)) || digit(s.charAt(0)))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!letter(c) && !digit(c) && c != '.' && c != '_' && c != '-' && !(plus && c == '+')) {
                return false;
            }
        }
        return true;
    }

    private static boolean letter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
