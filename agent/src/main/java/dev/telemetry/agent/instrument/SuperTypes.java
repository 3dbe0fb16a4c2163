package dev.telemetry.agent.instrument;

import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a class being loaded is the named type or one of its subtypes, from its own class file and
 * what was seen before: a class whose super class or an interface is the named type or a known
 * subtype is one. When a parent has not been seen (a super class loads after its subclass's bytes
 * are transformed), its class file is read as a resource from the same loader, never loaded.
 */
final class SuperTypes {
    static final int MAX_DEPTH = 24;
    static final int MAX_REMEMBERED = 200_000;

    private final String base;
    /** Internal names known to be the base or below it. */
    private final Set<String> below = ConcurrentHashMap.newKeySet();
    /** Internal names known not to be, as far as their loader said (bounded). */
    private final Set<String> notBelow = ConcurrentHashMap.newKeySet();

    SuperTypes(String baseInternalName) {
        this.base = baseInternalName;
        below.add(baseInternalName);
    }

    /** For a class being loaded, with its bytes. */
    boolean isSubtype(String internalName, byte[] bytes, ClassLoader loader) {
        if (below.contains(internalName)) {
            return true;
        }
        ClassHeader h = ClassHeader.read(bytes);
        return h != null && decide(internalName, h, loader, 0);
    }

    /** For a class already loaded (after an attach): its parents by name, from the loaded class. */
    boolean isSubtype(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().replace('.', '/').equals(base)) {
                return true;
            }
            for (Class<?> i : c.getInterfaces()) {
                if (interfaceBelow(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean interfaceBelow(Class<?> i) {
        if (i.getName().replace('.', '/').equals(base)) {
            return true;
        }
        for (Class<?> parent : i.getInterfaces()) {
            if (interfaceBelow(parent)) {
                return true;
            }
        }
        return false;
    }

    /** Not a definite answer: a parent's class file could not be read, or the hierarchy was too deep. */
    private static final class Unsure extends Exception {
        Unsure() {
            super(null, null, false, false);
        }
    }

    private boolean decide(String name, ClassHeader h, ClassLoader loader, int depth) {
        boolean unsure = false;
        boolean yes = false;
        String[] parents = new String[h.interfaces.size() + 1];
        parents[0] = h.superName;
        for (int i = 0; i < h.interfaces.size(); i++) {
            parents[i + 1] = h.interfaces.get(i);
        }
        for (String p : parents) {
            try {
                if (parentBelow(p, loader, depth)) {
                    yes = true;
                    break;
                }
            } catch (Unsure e) {
                unsure = true;
            }
        }
        if (yes) {
            below.add(name);
        } else if (!unsure && notBelow.size() < MAX_REMEMBERED) {
            notBelow.add(name); // only a definite no is remembered
        }
        return yes;
    }

    private boolean parentBelow(String parent, ClassLoader loader, int depth) throws Unsure {
        if (parent == null || parent.equals("java/lang/Object")) {
            return false;
        }
        if (below.contains(parent)) {
            return true;
        }
        if (notBelow.contains(parent)) {
            return false;
        }
        if ((parent.startsWith("java/") || parent.startsWith("javax/") || parent.startsWith("jdk/") || parent.startsWith("sun/"))
                && !base.startsWith("java/") && !base.startsWith("javax/")) {
            return false; // a JDK type is never below a server's type
        }
        if (depth >= MAX_DEPTH || loader == null) {
            // the boot loader's classes are the JDK's: a server's base type is not among them
            throw new Unsure();
        }
        ClassHeader h = header(parent, loader);
        if (h == null) {
            throw new Unsure();
        }
        return decide(parent, h, loader, depth + 1);
    }

    private static ClassHeader header(String internalName, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : ClassHeader.read(in.readAllBytes());
        } catch (Exception e) {
            return null;
        }
    }
}
