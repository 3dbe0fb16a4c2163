package dev.telemetry.agent.profile;

import dev.telemetry.agent.metrics.ResultKey;

/** A failed dispatch, in validated names: error name, numeric code (or {@code ResultKey.NO_CODE}) and operator. */
public final class ErrorInfo {
    public final String name;
    public final long code;
    public final String operator;

    public ErrorInfo(String name, long code, String operator) {
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

    /** A getter's lookup, once per class and name; a missing getter is remembered too (no exception per call). */
    private static final ClassValue<java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<java.lang.reflect.Method>>> GETTERS =
            new ClassValue<java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<java.lang.reflect.Method>>>() {
                @Override
                protected java.util.concurrent.ConcurrentHashMap<String, java.util.Optional<java.lang.reflect.Method>> computeValue(Class<?> type) {
                    return new java.util.concurrent.ConcurrentHashMap<>();
                }
            };

    private static final Object[] NO_ARGUMENTS = new Object[0];

    /** Reads a no-argument getter by reflection; null when it is missing or throws. */
    public static Object call(Object target, String getter) {
        try {
            java.util.Optional<java.lang.reflect.Method> m = GETTERS.get(target.getClass())
                    .computeIfAbsent(getter, name -> lookup(target.getClass(), name));
            return m.isPresent() ? m.get().invoke(target, NO_ARGUMENTS) : null;
        } catch (Throwable e) {
            return null;
        }
    }

    private static java.util.Optional<java.lang.reflect.Method> lookup(Class<?> type, String name) {
        try {
            java.lang.reflect.Method m = type.getMethod(name);
            if (m.getParameterCount() != 0) {
                return java.util.Optional.empty();
            }
            try {
                m.setAccessible(true); // public getters of non-public classes
            } catch (RuntimeException e) {
                // inaccessible module: invoke may still work for public types
            }
            return java.util.Optional.of(m);
        } catch (NoSuchMethodException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
