package dev.telemetry.agent.profile.path;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a number (an opcode, a reply code) into a name, as a profile says:
 * <ul>
 *   <li>{@code table:1=create;2=delete} (or just {@code 1=create;2=delete}): a table in the profile;</li>
 *   <li>{@code constants:com.example.OpCode}: the class's {@code static final int} constants, by field name;</li>
 *   <li>{@code enum:com.example.Code#intValue}: the enum constant whose int getter gives the number;</li>
 *   <li>{@code method:com.example.Request#opName}: a static method of the server, {@code (int)String},
 *       asked once per number.</li>
 * </ul>
 * Server classes are resolved on first use with the class loader of the hooked class, never at
 * start; a class or method that does not fit is reported once and gives no names. Lookups are a
 * binary search in arrays: no allocation.
 */
public final class IntNames {
    static final int MAX_ENTRIES = 4096;

    public enum Kind { TABLE, CONSTANTS, ENUM, METHOD }

    private final String text;
    private final Kind kind;
    private final String className;
    private final String memberName;
    /** Sorted keys and their names; replaced whole (copy on write). */
    private volatile Table table = new Table(new long[0], new String[0]);
    private volatile boolean resolved;
    private volatile MethodHandle method;

    private IntNames(String text, Kind kind, String className, String memberName, Map<Long, String> table) {
        this.text = text;
        this.kind = kind;
        this.className = className;
        this.memberName = memberName;
        if (table != null) {
            store(new TreeMap<>(table));
            resolved = true;
        }
    }

    /** Parses the value; the exception's message says what is accepted. */
    public static IntNames parse(String value) {
        String v = value.trim();
        if (v.startsWith("constants:")) {
            String cls = v.substring("constants:".length()).trim();
            checkClass(v, cls);
            return new IntNames(v, Kind.CONSTANTS, cls, null, null);
        }
        if (v.startsWith("enum:") || v.startsWith("method:")) {
            boolean isEnum = v.startsWith("enum:");
            String ref = v.substring(isEnum ? 5 : 7).trim();
            int hash = ref.indexOf('#');
            if (hash <= 0 || hash == ref.length() - 1) {
                throw new IllegalArgumentException("\"" + v + "\" needs Class#" + (isEnum ? "intGetter" : "staticMethod")
                        + ", e.g. " + (isEnum ? "enum:org.example.Code#intValue" : "method:org.example.Request#opName"));
            }
            checkClass(v, ref.substring(0, hash));
            return new IntNames(v, isEnum ? Kind.ENUM : Kind.METHOD, ref.substring(0, hash), ref.substring(hash + 1), null);
        }
        String table = v.startsWith("table:") ? v.substring("table:".length()) : v;
        Map<Long, String> entries = new LinkedHashMap<>();
        for (String entry : table.split(";")) {
            if (entry.trim().isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            try {
                if (eq <= 0) {
                    throw new NumberFormatException();
                }
                entries.put(Long.parseLong(entry.substring(0, eq).trim()), entry.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + entry.trim() + "\" is not number=name; accepted: table:1=create;2=delete,"
                        + " constants:Class, enum:Class#intGetter or method:Class#staticMethod");
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an empty table; accepted: table:1=create;2=delete, constants:Class,"
                    + " enum:Class#intGetter or method:Class#staticMethod");
        }
        return new IntNames(v, Kind.TABLE, null, null, entries);
    }

    private static void checkClass(String value, String cls) {
        if (!cls.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            throw new IllegalArgumentException("\"" + value + "\" names the class \"" + cls + "\", which is not a class name");
        }
    }

    /**
     * The name for a number, or null. {@code loader} finds the server's class on first use; the
     * problem, if any, is reported once through {@code report}.
     */
    public String name(long value, ClassLoader loader, java.util.function.Consumer<String> report) {
        if (!resolved) {
            resolve(loader, report);
        }
        Table t = table;
        int i = Arrays.binarySearch(t.keys, value);
        if (i >= 0) {
            return t.names[i];
        }
        MethodHandle m = method;
        if (m == null || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return null;
        }
        String name;
        try {
            name = (String) m.invokeExact((int) value);
        } catch (Throwable e) {
            return null;
        }
        if (name != null && t.keys.length < MAX_ENTRIES) {
            synchronized (this) {
                TreeMap<Long, String> copy = current();
                copy.put(value, name);
                store(copy);
            }
        }
        return name;
    }

    private synchronized void resolve(ClassLoader loader, java.util.function.Consumer<String> report) {
        if (resolved) {
            return;
        }
        try {
            Class<?> type = Class.forName(className, true, loader);
            TreeMap<Long, String> found = new TreeMap<>();
            switch (kind) {
                case CONSTANTS:
                    for (Field f : type.getDeclaredFields()) {
                        int mod = f.getModifiers();
                        if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && (f.getType() == int.class || f.getType() == long.class)) {
                            f.setAccessible(true);
                            found.putIfAbsent(((Number) f.get(null)).longValue(), f.getName());
                        }
                    }
                    if (found.isEmpty()) {
                        fail("the class " + className + " has no static final int constants", report);
                    }
                    break;
                case ENUM:
                    if (!type.isEnum()) {
                        fail(className + " is not an enum", report);
                        break;
                    }
                    Method getter = type.getMethod(memberName);
                    if (getter.getParameterCount() != 0 || (getter.getReturnType() != int.class && getter.getReturnType() != long.class)) {
                        fail(className + "#" + memberName + " is not an int getter without parameters", report);
                        break;
                    }
                    getter.setAccessible(true);
                    for (Object constant : type.getEnumConstants()) {
                        found.putIfAbsent(((Number) getter.invoke(constant)).longValue(), ((Enum<?>) constant).name());
                    }
                    break;
                case METHOD:
                    Method m = null;
                    for (Method candidate : type.getDeclaredMethods()) {
                        if (candidate.getName().equals(memberName)) {
                            m = candidate;
                            if (fits(candidate)) {
                                break;
                            }
                        }
                    }
                    if (m == null) {
                        fail("the class " + className + " has no method " + memberName, report);
                    } else if (!fits(m)) {
                        fail(className + "#" + memberName + " must be static, take one int and return a String", report);
                    } else {
                        m.setAccessible(true);
                        method = MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(String.class, int.class));
                    }
                    break;
                default:
                    break;
            }
            store(found);
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            fail("the class " + className + " is not there", report);
        } catch (NoSuchMethodException e) {
            fail("the class " + className + " has no method " + memberName + "()", report);
        } catch (Throwable e) {
            fail("cannot read " + text + " (" + e + ")", report);
        } finally {
            resolved = true; // last: a caller that sees it also sees the table and the method
        }
    }

    private static boolean fits(Method m) {
        return Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1 && m.getParameterTypes()[0] == int.class
                && m.getReturnType() == String.class;
    }

    private static void fail(String why, java.util.function.Consumer<String> report) {
        report.accept(why);
    }

    private TreeMap<Long, String> current() {
        TreeMap<Long, String> out = new TreeMap<>();
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            out.put(t.keys[i], t.names[i]);
        }
        return out;
    }

    private void store(TreeMap<Long, String> entries) {
        long[] k = new long[entries.size()];
        String[] n = new String[entries.size()];
        int i = 0;
        for (Map.Entry<Long, String> e : entries.entrySet()) {
            k[i] = e.getKey();
            n[i++] = e.getValue();
        }
        table = new Table(k, n);
    }

    private static final class Table {
        final long[] keys;
        final String[] names;

        Table(long[] keys, String[] names) {
            this.keys = keys;
            this.names = names;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
