package dev.telemetry.agent.profile;

import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.contract.ReportNames;

/**
 * The validation every name passes before it reaches the metrics. What fails becomes
 * {@code unknown}: a name that could carry user data (a value, a field, a collection) never gets
 * through. The patterns are the report contract's ({@link ReportNames}), which the beacon checks again.
 */
public final class Names {
    private Names() {}

    public static String genericCommand(String name) {
        return ReportNames.isCommand(name) ? name : ResultKey.UNKNOWN;
    }

    /** {@code $} followed by an identifier, at most 64 characters. */
    public static String mongoOperator(String name) {
        return name != null && name.startsWith("$") && ReportNames.isOperator(name) ? name : ResultKey.UNKNOWN;
    }

    /** An identifier, at most 64 characters. */
    public static String identifier(String name) {
        return ReportNames.isIdentifier(name) ? name : ResultKey.UNKNOWN;
    }

    /** The error's code name when it looks like an identifier, else the exception's simple class name. */
    public static String errorName(String codeName, Throwable thrown) {
        if (ReportNames.isIdentifier(codeName)) {
            return codeName;
        }
        return thrown == null ? ResultKey.UNKNOWN : identifier(thrown.getClass().getSimpleName());
    }
}
