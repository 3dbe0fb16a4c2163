package dev.telemetry.agent;

import java.util.Properties;

/**
 * The agent's own version: from the jar's manifest, which the JVM has already read (so the premain
 * thread reads no resource for it), else from {@code version.properties}, filtered in at build time
 * with the build's time, which tells two builds of one version apart (the class cache needs that).
 */
public final class AgentVersion {
    private static final String VERSION = version();

    private AgentVersion() {}

    public static String get() {
        return VERSION;
    }

    /** When this jar was built (to the millisecond). */
    public static String build() {
        return Built.PROPERTIES.getProperty("build", "unknown");
    }

    private static String version() {
        Package p = AgentVersion.class.getPackage();
        String fromManifest = p == null ? null : p.getImplementationVersion();
        return fromManifest != null ? fromManifest : Built.PROPERTIES.getProperty("version", "unknown");
    }

    /** Read on first use only. */
    private static final class Built {
        static final Properties PROPERTIES = load();

        private static Properties load() {
            Properties p = new Properties();
            try {
                byte[] b = dev.telemetry.agent.config.AgentJar.read("/dev/telemetry/agent/version.properties");
                if (b != null) {
                    p.load(new java.io.ByteArrayInputStream(b));
                }
            } catch (Exception e) {
                // unknown
            }
            return p;
        }
    }
}
