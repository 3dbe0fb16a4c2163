package dev.telemetry.agent.profile.path;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * One step of a {@link ValuePath} resolved on one runtime class: a no-argument method or a field,
 * as a method handle typed {@code (Object)Object} or, for integral primitives, {@code (Object)long},
 * so that reading an int never boxes. Resolved once per class (see {@link ValuePath}); a step that
 * the class does not have is remembered as {@link #missing}, so a call never searches twice.
 */
public final class Accessor {
    private static final MethodType REF = MethodType.methodType(Object.class, Object.class);
    private static final MethodType NUM = MethodType.methodType(long.class, Object.class);

    /** The value itself: a path's root with no step after it. */
    static final Accessor IDENTITY = new Accessor(MethodHandles.identity(Object.class), false, null);

    private final MethodHandle handle;
    private final boolean numeric;
    /** Why the step does not apply to the class, or null when it does. */
    private final String missing;

    private Accessor(MethodHandle handle, boolean numeric, String missing) {
        this.handle = handle;
        this.numeric = numeric;
        this.missing = missing;
    }

    public boolean numeric() {
        return numeric;
    }

    /** Why the step does not apply to the class, or null when it does. */
    public String missing() {
        return missing;
    }

    /** The object the step gives, or {@link ValuePath#FAILED}; only for {@code !numeric}. */
    public Object get(Object target) {
        try {
            return (Object) handle.invokeExact(target);
        } catch (Throwable e) {
            return ValuePath.FAILED;
        }
    }

    /** The number the step gives; only for {@code numeric}. Throws when the host's getter throws. */
    public long getLong(Object target) throws Throwable {
        return (long) handle.invokeExact(target);
    }

    static Accessor resolve(Class<?> type, ValuePath.Step step) {
        try {
            MethodHandle h;
            Class<?> result;
            if (step.call) {
                Method m = method(type, step.name);
                if (m == null) {
                    return missing("no method " + step.name + "() without parameters on " + type.getName());
                }
                trySetAccessible(m);
                h = MethodHandles.lookup().unreflect(m);
                result = m.getReturnType();
                if (result == void.class) {
                    return missing(type.getName() + "#" + step.name + "() returns nothing");
                }
            } else {
                Field f = field(type, step.name);
                if (f == null) {
                    return missing("no field " + step.name + " on " + type.getName());
                }
                trySetAccessible(f);
                h = MethodHandles.lookup().unreflectGetter(f);
                result = f.getType();
            }
            if (result == int.class || result == long.class || result == short.class || result == byte.class || result == char.class) {
                return new Accessor(h.asType(NUM), true, null);
            }
            return new Accessor(h.asType(REF), false, null);
        } catch (Throwable e) {
            return missing("cannot read " + step + " on " + type.getName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Accessor missing(String why) {
        return new Accessor(null, false, why);
    }

    /** A public method first (it may be declared by an interface), then a declared one up the hierarchy. */
    private static Method method(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            if (!Modifier.isStatic(m.getModifiers())) {
                return m;
            }
        } catch (NoSuchMethodException | SecurityException ignored) {
            // look further
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && !m.isBridge()) {
                    return m;
                }
            }
        }
        return null;
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name) && !Modifier.isStatic(f.getModifiers())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static void trySetAccessible(java.lang.reflect.AccessibleObject o) {
        try {
            o.setAccessible(true);
        } catch (RuntimeException e) {
            // a module that does not open the package: a public member still works
        }
    }
}
