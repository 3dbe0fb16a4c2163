package dev.telemetry.agent.profile;

import dev.telemetry.agent.metrics.ResultKey;

import java.util.regex.Pattern;

/**
 * The validation every name passes before it reaches the metrics. What fails becomes
 * {@code unknown}: a name that could carry user data (a value, a field, a collection) never gets
 * through.
 */
public final class Names {
    private static final Pattern GENERIC_COMMAND = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern MONGO_OPERATOR = Pattern.compile("\\$[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Names() {}

    public static String genericCommand(String name) {
        return name != null && GENERIC_COMMAND.matcher(name).matches() ? name : ResultKey.UNKNOWN;
    }

    /** {@code $} followed by an identifier, at most 64 characters. */
    public static String mongoOperator(String name) {
        return name != null && MONGO_OPERATOR.matcher(name).matches() ? name : ResultKey.UNKNOWN;
    }

    /** An identifier, at most 64 characters. */
    public static String identifier(String name) {
        return isIdentifier(name) ? name : ResultKey.UNKNOWN;
    }

    /** The error's code name when it looks like an identifier, else the exception's simple class name. */
    public static String errorName(String codeName, Throwable thrown) {
        if (isIdentifier(codeName)) {
            return codeName;
        }
        return thrown == null ? ResultKey.UNKNOWN : identifier(thrown.getClass().getSimpleName());
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]{0,63}}, checked by hand: this runs on every failed dispatch, and a Matcher allocates. */
    static boolean isIdentifier(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
