package dev.telemetry.agent.metrics;

/** (command, operator, result) plus the error's numeric code ({@link #NO_CODE} when unknown). */
public final class ResultKey {
    public static final String OK = "ok";
    public static final String UNKNOWN = "unknown";
    public static final String OTHER = "other";
    /** "No code": outside the int range of every code a server can give (-1 is a real code of some). */
    public static final long NO_CODE = Long.MIN_VALUE;

    static final ResultKey OVERFLOW = new ResultKey(OTHER, OTHER, OTHER, NO_CODE);

    /**
     * A code as a report may carry it: an int, but not the smallest, which the beacon stores as "no
     * code" (docs/report-format.md); anything else is {@link #NO_CODE}.
     */
    public static long reportable(long code) {
        return code <= Integer.MIN_VALUE || code > Integer.MAX_VALUE ? NO_CODE : code;
    }

    public final String command;
    public final String operator;
    public final String result;
    public final long code;

    public ResultKey(String command, String operator, String result, long code) {
        this.command = command;
        this.operator = operator;
        this.result = result;
        this.code = code;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResultKey)) return false;
        ResultKey k = (ResultKey) o;
        return code == k.code && command.equals(k.command) && operator.equals(k.operator) && result.equals(k.result);
    }

    @Override
    public int hashCode() {
        // by hand: Objects.hash would allocate an array and box the code on every failed dispatch
        int h = command.hashCode();
        h = 31 * h + operator.hashCode();
        h = 31 * h + result.hashCode();
        return 31 * h + Long.hashCode(code);
    }

    @Override
    public String toString() {
        return command + "/" + operator + "/" + result + (code != NO_CODE ? "(" + code + ")" : "");
    }
}
