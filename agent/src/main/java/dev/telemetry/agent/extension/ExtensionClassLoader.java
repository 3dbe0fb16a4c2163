package dev.telemetry.agent.extension;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * An extension jar's class loader: the jar's own classes first, so a class of the same name on the
 * host's class path never stands in for the extension's (it would see another copy of the extension
 * API, and would not implement the agent's); the agent's classes and the JDK's always from the parent,
 * even when the jar carries a copy of the API.
 */
final class ExtensionClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable(); // as URLClassLoader is: a lock per class name (a subclass must say so itself)
    }

    private static final String AGENT = "dev.telemetry.agent.";
    private static final String JDK = "java.";

    ExtensionClassLoader(URL jar, ClassLoader agent) {
        super(new URL[] {jar}, agent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(AGENT) || name.startsWith(JDK)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInTheJar) {
                    return super.loadClass(name, resolve);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
