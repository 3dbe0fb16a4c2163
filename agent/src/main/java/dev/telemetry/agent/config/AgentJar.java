package dev.telemetry.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import dev.telemetry.agent.entry.AgentClassLoader;

/**
 * The agent's own jar, read directly: a resource through the application class loader goes through
 * a jar URL, a second {@code JarFile} and its manifest, several milliseconds of the premain thread for
 * the first one. A resource's bytes come through the agent's own class loader, which has the jar open
 * as a {@code ZipFile}; which of the agent's resources (its files other than classes: defaults,
 * bundled profiles and extensions, vocabularies) the jar holds is read once from its central
 * directory, so asking for one it does not hold opens nothing. Without that loader (the agent's
 * classes from the application class loader), a resource the directory lists is read from its place
 * in the jar; anything else (a class, a jar {@link JarDirectory} does not read) through a plain
 * {@code ZipFile}, which shares the central directory the JVM already read.
 */
public final class AgentJar {
    private static final String OWN = "dev/telemetry/agent/";
    private static final String CLASS = ".class";

    /**
     * Whether the agent's classes come from its own class loader (the entry's {@code AgentClassLoader})
     * rather than the application class loader: that one reads the agent's own resources from the jar
     * it already has open, without waiting for the directory below.
     */
    private static final boolean OWN_LOADER = AgentJar.class.getClassLoader() instanceof AgentClassLoader;

    private AgentJar() {}

    /**
     * Reads the jar's directory now. The agent's start thread calls it first thing, so that the
     * reading overlaps the premain thread's other work (the environment, the options); a use on
     * another thread meanwhile waits for it, as the JVM makes every thread wait for a class being
     * initialised. Never throws: a directory that cannot be read is read the usual way on use.
     */
    public static void readDirectory() {
        try {
            Resources.load();
        } catch (Throwable e) {
            // the thread that uses it meets the same failure and reads the jar the usual way
        }
    }

    /** Where the agent's classes come from: its jar, or a classes directory (its own tests); null if unknown. */
    public static Path location() {
        return Location.PATH;
    }

    /** The jar file, or null when the agent runs from a classes directory (its own tests). */
    public static File file() {
        return Location.JAR;
    }

    /** A resource of the agent (an absolute name, {@code /dev/...}): its bytes, or null when it has none. */
    public static byte[] read(String resource) throws IOException {
        File jar = file();
        if (jar == null || OWN_LOADER) {
            try (InputStream in = AgentJar.class.getClassLoader().getResourceAsStream(resource.substring(1))) {
                return in == null ? null : in.readAllBytes();
            }
        }
        String name = resource.substring(1);
        Map<String, JarDirectory.Entry> own = Resources.ENTRIES;
        if (own != null && isOwnResource(name)) {
            JarDirectory.Entry e = own.get(name);
            if (e == null) {
                return null;
            }
            byte[] direct = JarDirectory.read(jar, e);
            if (direct != null) {
                return direct;
            }
        }
        try (ZipFile zip = new ZipFile(jar)) {
            return bytes(zip, name);
        }
    }

    /**
     * Several resources (absolute names) through one opening of the jar (none with the agent's own
     * class loader, which has it open already): each one's bytes, or null for one it does not have.
     */
    public static byte[][] readAll(String[] resources) throws IOException {
        byte[][] out = new byte[resources.length][];
        File jar = file();
        if (jar == null || OWN_LOADER) {
            for (int i = 0; i < resources.length; i++) {
                out[i] = read(resources[i]);
            }
            return out;
        }
        try (ZipFile zip = new ZipFile(jar)) {
            for (int i = 0; i < resources.length; i++) {
                out[i] = bytes(zip, resources[i].substring(1));
            }
        }
        return out;
    }

    /** An entry's bytes, or null when the jar has none of that name. */
    private static byte[] bytes(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    /**
     * Where a resource of the agent (an absolute name, {@code /dev/...}, not a class) is in its jar, as
     * the central directory says; null when the jar has none, or its directory is not one
     * {@link JarDirectory} reads.
     */
    static JarDirectory.Entry entry(String resource) {
        Map<String, JarDirectory.Entry> own = Resources.ENTRIES;
        String name = resource.substring(1);
        return own != null && isOwnResource(name) ? own.get(name) : null;
    }

    /**
     * A resource's CRC as the jar's directory records it (its bytes are not read), or -1 when the jar has
     * no such entry or the agent runs from a directory.
     */
    public static long crc(String resource) throws IOException {
        File jar = file();
        if (jar == null) {
            return -1;
        }
        JarDirectory.Entry e = entry(resource);
        if (e != null) {
            return e.crc & 0xFFFFFFFFL;
        }
        if (Resources.ENTRIES != null && isOwnResource(resource.substring(1))) {
            return -1; // the directory was read and has no such entry
        }
        try (ZipFile zip = new ZipFile(jar)) {
            ZipEntry z = zip.getEntry(resource.substring(1));
            return z == null ? -1 : z.getCrc();
        }
    }

    /** Whether the agent's jar has this resource (an absolute name, {@code /dev/...}); never another jar's. */
    public static boolean has(String resource) throws IOException {
        String name = resource.substring(1);
        File jar = file();
        if (jar == null) {
            return AgentJar.class.getResource(resource) != null;
        }
        Map<String, JarDirectory.Entry> own = Resources.ENTRIES;
        if (own != null && isOwnResource(name)) {
            return own.containsKey(name);
        }
        try (ZipFile zip = new ZipFile(jar)) {
            return zip.getEntry(name) != null;
        }
    }

    /**
     * The names of the agent jar's resources under a directory ({@code dev/telemetry/agent/...}, no
     * leading slash), whole names, in the jar's order; empty when the agent runs from a directory.
     */
    public static List<String> resourcesUnder(String dir) throws IOException {
        List<String> out = new ArrayList<>();
        File jar = file();
        if (jar == null) {
            return out;
        }
        Map<String, JarDirectory.Entry> own = Resources.ENTRIES;
        if (own != null && isOwnResource(dir)) {
            for (Map.Entry<String, JarDirectory.Entry> e : own.entrySet()) { // not keySet(): its class is not in the JDK's archive
                if (e.getKey().startsWith(dir)) {
                    out.add(e.getKey());
                }
            }
            return out;
        }
        try (ZipFile zip = new ZipFile(jar)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String n = entries.nextElement().getName();
                if (n.startsWith(dir)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static boolean isOwnResource(String name) {
        return name.startsWith(OWN) && !name.endsWith(CLASS);
    }

    /** Found once, on first use. */
    private static final class Location {
        static final Path PATH = find();
        static final File JAR = PATH != null && Files.isRegularFile(PATH) ? PATH.toFile() : null;

        private static Path find() {
            if (OWN_LOADER) { // the loader found it already
                return ((AgentClassLoader) AgentJar.class.getClassLoader()).jar().toPath();
            }
            try {
                CodeSource cs = AgentJar.class.getProtectionDomain().getCodeSource();
                URL url = cs == null ? null : cs.getLocation();
                return url == null || !"file".equals(url.getProtocol()) ? null : Paths.get(url.toURI());
            } catch (Exception | LinkageError e) {
                return null;
            }
        }
    }

    /** The agent's own resources in its jar, read once; null when the jar's directory is not one {@link JarDirectory} reads. */
    private static final class Resources {
        static final Map<String, JarDirectory.Entry> ENTRIES = read();

        private static Map<String, JarDirectory.Entry> read() {
            File jar = file();
            try {
                return jar == null ? null : JarDirectory.startingWith(jar, OWN, CLASS);
            } catch (Throwable e) {
                return null; // read the usual way (this may run on the reader thread: nothing escapes it)
            }
        }

        static void load() {
            // the class is initialised by now
        }
    }
}
