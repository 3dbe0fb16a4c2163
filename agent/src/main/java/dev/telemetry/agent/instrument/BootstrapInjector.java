package dev.telemetry.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes on the bootstrap class path, so advice inlined into a class of any class
 * loader can reach them. Must run before anything of ours touches those classes: the application
 * class loader delegates to the bootstrap loader first, so from then on every loader sees one copy.
 */
public final class BootstrapInjector {
    static final String[] CLASSES = {
        "dev/telemetry/agent/bootstrap/Bridge.class",
        "dev/telemetry/agent/bootstrap/Recorder.class",
    };
    private static final String BRIDGE = "dev.telemetry.agent.bootstrap.Bridge";

    private BootstrapInjector() {}

    /** Idempotent: a second agent start in the same JVM finds the bridge already there. */
    public static void inject(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            return;
        }
        Path jar = Files.createTempFile("telemetry-agent-bootstrap", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : CLASSES) {
                try (InputStream in = BootstrapInjector.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException("missing " + name + " in the agent jar");
                    }
                    out.putNextEntry(new JarEntry(name));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

    static boolean onBootstrapPath() {
        try {
            Class.forName(BRIDGE, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
