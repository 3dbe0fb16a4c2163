package dev.telemetry.agent.profile;

import dev.telemetry.agent.metrics.ResultKey;

/** A failed dispatch, in validated names: error name, numeric code (or -1) and operator. */
public final class ErrorInfo {
    public final String name;
    public final int code;
    public final String operator;

    public ErrorInfo(String name, int code, String operator) {
        this.name = name == null ? ResultKey.UNKNOWN : name;
        this.code = code;
        this.operator = operator == null ? ResultKey.UNKNOWN : operator;
    }

    /** The exception's message, or null when there is none or reading it fails. */
    public static String message(Throwable thrown) {
        try {
            return thrown.getMessage();
        } catch (Throwable e) {
            return null;
        }
    }

    /** Reads a no-argument getter by reflection; null when it is missing or throws. */
    public static Object call(Object target, String getter) {
        try {
            java.lang.reflect.Method m = target.getClass().getMethod(getter);
            if (!m.canAccess(target)) {
                m.setAccessible(true);
            }
            return m.invoke(target);
        } catch (Throwable e) {
            return null;
        }
    }
}
