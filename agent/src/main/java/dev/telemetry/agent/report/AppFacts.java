package dev.telemetry.agent.report;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.state.AppIdentity;
import dev.telemetry.contract.ReportNames;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * What the report says about the application and its installation. Read once, off the host's
 * threads. Only validated words leave here: never a path or a host name.
 */
public final class AppFacts {
    public final String name;
    /** Configured or from the main jar's manifest; null when unknown (the profile may know). */
    public final String version;
    public final String installationType;
    public final List<String> buildTags;

    AppFacts(String name, String version, String installationType, List<String> buildTags) {
        this.name = name;
        this.version = version;
        this.installationType = installationType;
        this.buildTags = Collections.unmodifiableList(buildTags);
    }

    public static AppFacts read(Config config, Environment env, AppIdentity identity, String appName) {
        Attributes manifest = mainManifest(identity);
        String version = config.get(Option.APP_VERSION).trim();
        if (version.isEmpty() && manifest != null) {
            String v = trimmed(manifest.getValue("Implementation-Version"));
            version = ReportNames.isVersion(v) ? v : null;
        }
        String tags = config.get(Option.BUILD_TAGS).trim();
        if (tags.isEmpty() && manifest != null && manifest.getValue("Build-Tags") != null) {
            tags = manifest.getValue("Build-Tags");
        }
        List<String> buildTags = new ArrayList<>();
        for (String t : tags.split("[;,\\s]+")) {
            String v = trimmed(t);
            if (ReportNames.isBuildTag(v) && buildTags.size() < 16) {
                buildTags.add(v);
            }
        }
        String type = config.word(Option.PACKAGE);
        if (type.isEmpty()) {
            type = detectInstallationType(identity.mainJarOrClass(), Paths.get("/.dockerenv"), Paths.get("/proc/1/cgroup"));
        }
        return new AppFacts(appName, version == null || version.isEmpty() ? null : version, type, buildTags);
    }

    /**
     * The documented rules, in order: {@code docker} when {@code /.dockerenv} exists or PID 1's cgroup
     * names docker, containerd, kubepods or libpod (podman); {@code package} when the main jar lies under
     * {@code /usr/} (but not {@code /usr/local/}) or {@code /opt/}; {@code self-built} when it lies in a
     * build output directory ({@code target/} or {@code build/}); else {@code unknown}.
     */
    static String detectInstallationType(String mainJar, Path dockerEnv, Path cgroup) {
        try {
            if (Files.exists(dockerEnv)) {
                return "docker";
            }
            if (Files.isReadable(cgroup)) {
                String text = new String(Files.readAllBytes(cgroup), java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                if (text.contains("docker") || text.contains("containerd") || text.contains("kubepods") || text.contains("libpod")) {
                    return "docker";
                }
            }
        } catch (Exception e) {
            // not knowable here
        }
        if (mainJar != null && mainJar.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            String path = new File(mainJar).getAbsolutePath().replace('\\', '/');
            if ((path.startsWith("/usr/") && !path.startsWith("/usr/local/")) || path.startsWith("/opt/")) {
                return "package";
            }
            if (path.contains("/target/") || path.contains("/build/")) {
                return "self-built";
            }
        }
        return "unknown";
    }

    private static Attributes mainManifest(AppIdentity identity) {
        String main = identity.mainJarOrClass();
        if (main == null || !main.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            return null;
        }
        try (JarFile jar = new JarFile(main)) {
            return jar.getManifest() == null ? null : jar.getManifest().getMainAttributes();
        } catch (Exception e) {
            return null;
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
