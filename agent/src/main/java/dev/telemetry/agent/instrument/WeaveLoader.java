package dev.telemetry.agent.instrument;

import dev.telemetry.agent.config.AgentJar;
import dev.telemetry.agent.config.NestedArchive;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The class loader of Byte Buddy and the agent's code that uses it ({@code dev.telemetry.agent.weave}),
 * from the archive nested in the agent jar ({@link NestedArchive}). Made the first time a class is
 * woven afresh, never on a start whose classes all come from the class cache.
 * <p>
 * Its own classes first, then its parent's (the agent's class loader: the rest of the agent, the JDK):
 * the archive's classes are found without a look through the host's class path, and a host's own
 * class of the same name can never stand in for one of them.
 */
final class WeaveLoader extends ClassLoader {
    static final String ARCHIVE = "/dev/telemetry/agent/weave.jar";
    static final String WEAVER = "dev.telemetry.agent.weave.AdviceTransformer";
    /** Where the weaving code is when the agent runs from a classes directory (its own tests). */
    private static final String WEAVE_DIRECTORY = "dev/telemetry/agent/weave";

    private final NestedArchive archive;
    private final ProtectionDomain domain = WeaveLoader.class.getProtectionDomain();

    private WeaveLoader(NestedArchive archive) {
        super(WeaveLoader.class.getClassLoader());
        this.archive = archive;
    }

    /** The weaver, from the nested archive (from the class path when the agent runs from a directory). */
    static ClassWeaver weaver() throws IOException, ReflectiveOperationException {
        NestedArchive archive = NestedArchive.open(ARCHIVE);
        ClassLoader loader = archive == null ? WeaveLoader.class.getClassLoader() : new WeaveLoader(archive);
        return (ClassWeaver) Class.forName(WEAVER, true, loader).getDeclaredConstructor().newInstance();
    }

    /**
     * What identifies the weaving code, for the class cache's key, without reading it: the nested
     * archive's CRC from the jar's directory (Byte Buddy's version and the advice both change it); in a
     * classes directory, a checksum of the weave package's class files.
     */
    static long fingerprint() throws IOException {
        File jar = AgentJar.file();
        if (jar != null) {
            return AgentJar.crc(ARCHIVE);
        }
        Path location = AgentJar.location();
        String[] names = location == null ? null : location.resolve(WEAVE_DIRECTORY).toFile().list();
        if (names == null) {
            return -1;
        }
        Arrays.sort(names);
        CRC32C crc = new CRC32C();
        for (String n : names) {
            crc.update(n.getBytes(StandardCharsets.UTF_8));
            crc.update(Files.readAllBytes(location.resolve(WEAVE_DIRECTORY).resolve(n)));
        }
        return crc.getValue();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] b = archive.read(name.replace('.', '/') + ".class");
                if (b == null) {
                    return super.loadClass(name, resolve);
                }
                c = defineClass(name, b, 0, b.length, domain);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** Byte Buddy reads the advice classes' bytes this way (its {@code ClassFileLocator.ForClassLoader}). */
    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] b = archive.read(name);
        return b != null ? new ByteArrayInputStream(b) : super.getResourceAsStream(name);
    }
}
