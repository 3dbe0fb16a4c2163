package dev.telemetry.agent;

import java.io.InputStream;
import java.util.Properties;

/** The agent's own version, filtered into the jar at build time. */
public final class AgentVersion {
    private static final Properties BUILD = load();
    private static final String VERSION = BUILD.getProperty("version", "unknown");

    private AgentVersion() {}

    public static String get() {
        return VERSION;
    }

    /** When this jar was built (to the millisecond): tells two builds of one version apart. */
    public static String build() {
        return BUILD.getProperty("build", "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("/dev/telemetry/agent/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (Exception e) {
            // unknown
        }
        return p;
    }
}
