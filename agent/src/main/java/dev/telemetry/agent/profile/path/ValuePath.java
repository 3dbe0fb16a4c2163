package dev.telemetry.agent.profile.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Where a value comes from in a dispatch: a root ({@code argN}, {@code this}, {@code return},
 * {@code thrown}, {@code method}, {@code class}) then no-argument method calls ({@code getCommand()})
 * and field reads ({@code type}), e.g. {@code arg0.header().type()}.
 * <p>
 * Each step is resolved once per runtime class into a method handle ({@link Accessor}, held in a
 * {@link ClassValue}), so reading a value on the host's thread is a few handle calls and allocates
 * nothing. A step that does not apply, or a getter that throws, gives {@link #FAILED}: the caller
 * counts it as {@code unknown}, and the host never sees it.
 */
public final class ValuePath {
    /** What a path gives when a step is missing on the runtime class or the host's getter throws. */
    public static final Object FAILED = new Object() {
        @Override
        public String toString() {
            return "(path failed)";
        }
    };
    /** Returned by {@link #readNumber} when there is no number. */
    public static final long NO_NUMBER = Long.MIN_VALUE;
    /** Not a lambda: the options' paths are parsed on the premain thread, where a first lambda costs milliseconds. */
    private static final Consumer<String> NOTHING = new Consumer<String>() {
        @Override
        public void accept(String s) {
        }
    };

    public enum Root {
        ARG, THIS, RETURN, THROWN, METHOD, CLASS;

        String word(int index) {
            return this == ARG ? "arg" + index : name().toLowerCase(Locale.ROOT);
        }
    }

    /** One {@code .name()} or {@code .name} after the root. */
    static final class Step {
        final String name;
        final boolean call;

        Step(String name, boolean call) {
            this.name = name;
            this.call = call;
        }

        @Override
        public String toString() {
            return name + (call ? "()" : "");
        }
    }

    private final String text;
    private final Root root;
    private final int argument;
    private final Step[] steps;
    private final ClassValue<Accessor>[] accessors;
    /**
     * Per step, the first runtime class seen and its accessor: a dispatch argument is nearly always
     * of one class, so a reference comparison replaces the {@code ClassValue} lookup. Set once (no
     * allocation when classes alternate); a racing write only stores an equal pair.
     */
    private final Memo[] memos;

    private static final class Memo {
        final Class<?> type;
        final Accessor accessor;

        Memo(Class<?> type, Accessor accessor) {
            this.type = type;
            this.accessor = accessor;
        }
    }
    private volatile Consumer<String> onMissing = NOTHING;

    @SuppressWarnings("unchecked")
    private ValuePath(String text, Root root, int argument, List<Step> steps) {
        this.text = text;
        this.root = root;
        this.argument = argument;
        this.steps = steps.toArray(new Step[0]);
        this.accessors = new ClassValue[this.steps.length];
        this.memos = new Memo[this.steps.length];
        for (int i = 0; i < this.steps.length; i++) {
            final Step step = this.steps[i];
            accessors[i] = new ClassValue<Accessor>() {
                @Override
                protected Accessor computeValue(Class<?> type) {
                    Accessor a = Accessor.resolve(type, step);
                    if (a.missing() != null) {
                        onMissing.accept(a.missing());
                    }
                    return a;
                }
            };
        }
    }

    /**
     * Parses {@code root(.step)*}; the message of the exception says what is wrong and what is accepted.
     * Method calls take no arguments: a path never passes anything to the host.
     */
    /** {@code arg} and one to three digits. By hand, as below: the options are read on the premain thread. */
    private static boolean isArgument(String s) {
        if (!s.startsWith("arg") || s.length() < 4 || s.length() > 6) {
            return false;
        }
        for (int i = 3; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** ASCII letters, digits, '_' and '$', not starting with a digit. */
    private static boolean isIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static ValuePath parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("an empty path; accepted: a root (argN, this, return, thrown, method, class)"
                    + " then .getter() or .field steps, e.g. arg0.getCommand()");
        }
        String[] parts = t.split("\\.", -1);
        Root root;
        int argument = -1;
        String first = parts[0];
        if (isArgument(first)) {
            root = Root.ARG;
            argument = Integer.parseInt(first.substring(3));
        } else {
            try {
                root = Root.valueOf(first.toUpperCase(Locale.ROOT));
                if (root == Root.ARG) {
                    throw new IllegalArgumentException("arg needs its index");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the path \"" + t + "\" starts with \"" + first
                        + "\"; accepted roots: argN, this, return, thrown, method, class");
            }
            if (!first.equals(first.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the path \"" + t + "\" starts with \"" + first + "\"; roots are lower case");
            }
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            boolean call = p.endsWith("()");
            String name = call ? p.substring(0, p.length() - 2) : p;
            if (!isIdentifier(name)) {
                throw new IllegalArgumentException("the path \"" + t + "\" has a step \"" + p
                        + "\"; accepted: name() for a method without parameters, or name for a field");
            }
            steps.add(new Step(name, call));
        }
        if ((root == Root.METHOD || root == Root.CLASS) && !steps.isEmpty()) {
            throw new IllegalArgumentException("the path \"" + t + "\": " + first + " is a name and takes no steps");
        }
        return new ValuePath(t, root, argument, steps);
    }

    public Root root() {
        return root;
    }

    /** The argument's index for {@link Root#ARG}, else -1. */
    public int argument() {
        return argument;
    }

    public boolean hasSteps() {
        return steps.length > 0;
    }

    /** Told, once per class and step, why a step does not apply (off the success path). */
    public void onMissing(Consumer<String> c) {
        this.onMissing = c;
    }

    /**
     * Every step but the last, from the root's value: the object the last step reads, null when a
     * value on the way is null, or {@link #FAILED}.
     */
    public Object walk(Object rootValue) {
        Object v = rootValue;
        for (int i = 0; i < steps.length - 1; i++) {
            if (v == null || v == FAILED) {
                return v;
            }
            Accessor a = accessor(i, v.getClass());
            if (a.missing() != null || a.numeric()) {
                return FAILED; // a number has no further steps
            }
            v = a.get(v);
        }
        return v;
    }

    /** The last step on the object {@link #walk} gave (not null, not FAILED); the identity for a bare root. */
    public Accessor last(Object target) {
        return steps.length == 0 ? Accessor.IDENTITY : accessor(steps.length - 1, target.getClass());
    }

    private Accessor accessor(int step, Class<?> type) {
        Memo m = memos[step];
        if (m != null && m.type == type) {
            return m.accessor;
        }
        Accessor a = accessors[step].get(type);
        if (m == null) {
            memos[step] = new Memo(type, a);
        }
        return a;
    }

    /**
     * The path's value as a number: an integral field or getter, a {@link Number}, or the leading
     * digits of a String (a reply line such as {@code "550 No such file"}). {@link #NO_NUMBER} otherwise.
     */
    public long readNumber(Object rootValue) {
        Object t = walk(rootValue);
        if (t == null || t == FAILED) {
            return NO_NUMBER;
        }
        Accessor a = last(t);
        if (a.missing() != null) {
            return NO_NUMBER;
        }
        if (a.numeric()) {
            try {
                return a.getLong(t);
            } catch (Throwable e) {
                return NO_NUMBER;
            }
        }
        return number(a.get(t));
    }

    /** The path's value as an object (never a primitive: numbers go through {@link #readNumber}). */
    public Object readObject(Object rootValue) {
        Object t = walk(rootValue);
        if (t == null || t == FAILED) {
            return t;
        }
        Accessor a = last(t);
        if (a.missing() != null) {
            return FAILED;
        }
        if (a.numeric()) {
            return FAILED;
        }
        return a.get(t);
    }

    /** A Number's value, or a String's leading digits (an optional minus sign first). */
    public static long number(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof CharSequence) {
            return leadingDigits((CharSequence) v);
        }
        return NO_NUMBER;
    }

    /** Digits at the start (at most 9), with an optional '-', without allocating. */
    static long leadingDigits(CharSequence s) {
        int i = 0;
        int n = s.length();
        boolean negative = n > 0 && s.charAt(0) == '-';
        if (negative) {
            i = 1;
        }
        long v = 0;
        int digits = 0;
        while (i < n && digits < 9) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            v = v * 10 + (c - '0');
            i++;
            digits++;
        }
        if (digits == 0) {
            return NO_NUMBER;
        }
        return negative ? -v : v;
    }

    @Override
    public String toString() {
        return text;
    }
}
