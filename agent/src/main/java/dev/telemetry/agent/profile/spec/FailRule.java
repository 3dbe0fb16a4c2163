package dev.telemetry.agent.profile.spec;

import java.util.Arrays;

/**
 * Which codes are failures: {@code >= 400}, {@code > 0}, {@code < 0}, {@code <= -1}, {@code != 0},
 * {@code == 1}, or a list ({@code in 421;450;550}, {@code not in 0;200}). Decided without allocating.
 */
public final class FailRule {
    private enum Op { GE, GT, LE, LT, NE, EQ, IN, NOT_IN }

    private final String text;
    private final Op op;
    private final long bound;
    private final long[] list;

    private FailRule(String text, Op op, long bound, long[] list) {
        this.text = text;
        this.op = op;
        this.bound = bound;
        this.list = list;
    }

    /** The default when a profile reads codes and says nothing: anything but 0 fails. */
    public static final FailRule NOT_ZERO = new FailRule("!= 0", Op.NE, 0, null);

    public static FailRule parse(String value) {
        String v = value.trim();
        try {
            if (v.startsWith("not in ") || v.startsWith("in ")) {
                boolean not = v.startsWith("not in ");
                String[] parts = v.substring(not ? 7 : 3).split(";");
                long[] codes = new long[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    codes[i] = Long.parseLong(parts[i].trim());
                }
                Arrays.sort(codes);
                return new FailRule(v, not ? Op.NOT_IN : Op.IN, 0, codes);
            }
            String[] ops = {">=", "<=", "!=", "==", ">", "<"};
            Op[] kinds = {Op.GE, Op.LE, Op.NE, Op.EQ, Op.GT, Op.LT};
            for (int i = 0; i < ops.length; i++) {
                if (v.startsWith(ops[i])) {
                    return new FailRule(v, kinds[i], Long.parseLong(v.substring(ops[i].length()).trim()), null);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("\"" + v + "\" is not a failure rule; accepted: >= 400, < 0, != 0, == 1,"
                + " in 421;550 or not in 0;200");
    }

    public boolean fails(long code) {
        switch (op) {
            case GE: return code >= bound;
            case GT: return code > bound;
            case LE: return code <= bound;
            case LT: return code < bound;
            case NE: return code != bound;
            case EQ: return code == bound;
            case IN: return Arrays.binarySearch(list, code) >= 0;
            default: return Arrays.binarySearch(list, code) < 0;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
