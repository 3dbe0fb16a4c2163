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
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

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
        return name != null && IDENTIFIER.matcher(name).matches() ? name : ResultKey.UNKNOWN;
    }

    /** The error's code name when it looks like an identifier, else the exception's simple class name. */
    public static String errorName(String codeName, Throwable thrown) {
        if (codeName != null && IDENTIFIER.matcher(codeName).matches()) {
            return codeName;
        }
        return thrown == null ? ResultKey.UNKNOWN : identifier(thrown.getClass().getSimpleName());
    }
}
