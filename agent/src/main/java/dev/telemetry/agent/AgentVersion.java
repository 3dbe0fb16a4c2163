package dev.telemetry.agent;

import java.io.InputStream;
import java.util.Properties;

/** The agent's own version, filtered into the jar at build time. */
public final class AgentVersion {
    private static final String VERSION = load();

    private AgentVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = AgentVersion.class.getResourceAsStream("/dev/telemetry/agent/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
