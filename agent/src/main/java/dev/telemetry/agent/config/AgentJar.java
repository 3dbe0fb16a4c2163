package dev.telemetry.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
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

    /** The jar file, or null when the agent runs from a classes directory (its own tests). */
    public static File file() {
        try {
            CodeSource cs = AgentJar.class.getProtectionDomain().getCodeSource();
            URL location = cs == null ? null : cs.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            File f = new File(location.toURI());
            return f.isFile() ? f : null;
        } catch (Exception | LinkageError e) {
            return null;
        }
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
