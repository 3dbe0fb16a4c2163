package dev.telemetry.agent.api;

/** How a call failed: an error name (an identifier), a code, and the operator it names (or null). */
public final class Failure {
    /** No numeric code. Distinct from every int a server can use. */
    public static final long NO_CODE = Long.MIN_VALUE;

    private final String name;
    private final long code;
    private final String operator;

    private Failure(String name, long code, String operator) {
        this.name = name;
        this.code = code;
        this.operator = operator;
    }

    /** {@code code} is an int, or {@link #NO_CODE}. */
    public static Failure of(String name, long code) {
        return new Failure(name, code, null);
    }

    public Failure withOperator(String operator) {
        return new Failure(name, code, operator);
    }

    public String name() {
        return name;
    }

    public long code() {
        return code;
    }

    public String operator() {
        return operator;
    }
}
