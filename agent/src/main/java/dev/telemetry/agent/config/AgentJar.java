package dev.telemetry.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The agent's own jar, read directly: a resource through the class loader goes through a jar URL, a
 * second {@code JarFile} and its manifest, several milliseconds of the premain thread for the first
 * one. A plain {@code ZipFile} shares the central directory the JVM already read.
 */
public final class AgentJar {
    private AgentJar() {}

    /** Where the agent's classes come from: its jar, or a classes directory (its own tests); null if unknown. */
    public static Path location() {
        try {
            CodeSource cs = AgentJar.class.getProtectionDomain().getCodeSource();
            URL url = cs == null ? null : cs.getLocation();
            return url == null || !"file".equals(url.getProtocol()) ? null : Paths.get(url.toURI());
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    /** The jar file, or null when the agent runs from a classes directory (its own tests). */
    public static File file() {
        Path p = location();
        return p != null && Files.isRegularFile(p) ? p.toFile() : null;
    }

    /** A resource of the agent (an absolute name, {@code /dev/...}): its bytes, or null when it has none. */
    public static byte[] read(String resource) throws IOException {
        File jar = file();
        if (jar == null) {
            try (InputStream in = AgentJar.class.getResourceAsStream(resource)) {
                return in == null ? null : in.readAllBytes();
            }
        }
        try (ZipFile zip = new ZipFile(jar)) {
            ZipEntry e = zip.getEntry(resource.substring(1));
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return in.readAllBytes();
            }
        }
    }
}
