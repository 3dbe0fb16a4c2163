package dev.telemetry.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes into the bootstrap class loader, so advice inlined into a class of any
 * class loader can reach them. Must run before anything of ours touches those classes: the
 * application class loader asks the bootstrap loader first, so from then on every loader sees one copy.
 * <p>
 * The classes are defined directly in the bootstrap loader where the runtime allows it. Appending a
 * jar to the bootstrap search path (the fallback) makes HotSpot switch class-data sharing off for
 * every class outside the boot loader, with a warning on stderr and a slower start of the host.
 */
public final class BootstrapInjector {
    static final String[] CLASSES = {
        "dev.telemetry.agent.bootstrap.Recorder",
        "dev.telemetry.agent.bootstrap.Bridge",
    };

    private BootstrapInjector() {}

    /** Idempotent: a second agent start in the same JVM finds the bridge already there. */
    public static void inject(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            return;
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : CLASSES) {
            classes.put(name, bytes(name));
        }
        try {
            defineInBootLoader(inst, classes);
            if (onBootstrapPath()) {
                return;
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // not on this runtime: fall back to the search path
        }
        appendJar(inst, classes);
    }

    /**
     * Defines the classes with the JDK's internal Unsafe, which the agent's module may use once
     * java.base exports it there (only Instrumentation can arrange that). No library is involved, so
     * this costs a few milliseconds at startup.
     */
    private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes) throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        Module agent = BootstrapInjector.class.getModule();
        inst.redefineModule(base, Collections.emptySet(),
                Collections.singletonMap("jdk.internal.misc", Collections.singleton(agent)),
                Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        Class<?> type = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = type.getMethod("getUnsafe").invoke(null);
        Method define = type.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, ProtectionDomain.class);
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            define.invoke(unsafe, e.getKey(), e.getValue(), 0, e.getValue().length, null, null);
        }
    }

    private static byte[] bytes(String name) throws IOException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource + " in the agent jar");
            }
            return in.readAllBytes();
        }
    }

    private static void appendJar(Instrumentation inst, Map<String, byte[]> classes) throws IOException {
        Path jar = Files.createTempFile("telemetry-agent-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey().replace('.', '/') + ".class"));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    static boolean onBootstrapPath() {
        try {
            Class.forName(CLASSES[1], false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
