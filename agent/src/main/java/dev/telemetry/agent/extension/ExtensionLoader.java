package dev.telemetry.agent.extension;

import dev.telemetry.agent.api.ExtensionContext;
import dev.telemetry.agent.api.TelemetryExtension;
import dev.telemetry.agent.config.AgentJar;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.Profile;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Loads extensions: from jars named by {@code extension=} (each names its classes in its manifest,
 * {@code Telemetry-Extension}), and those a vendor bundled into the agent jar (listed, one class
 * per line, in {@value #BUNDLED}). Each one that loads and starts becomes a profile of its hooks; one
 * that is missing, corrupt, of a newer API or throws at start is left out with one line.
 */
public final class ExtensionLoader {
    public static final String MANIFEST_ATTRIBUTE = "Telemetry-Extension";
    public static final String API_ATTRIBUTE = "Telemetry-Extension-Api";
    public static final String BUNDLED = "/dev/telemetry/agent/extensions.list";

    private ExtensionLoader() {}

    public static List<Profile> load(String option, Metrics metrics, List<String> problems) {
        List<Profile> out = new ArrayList<>();
        for (String className : bundled(problems)) {
            start(className, ExtensionLoader.class.getClassLoader(), "bundled in the agent jar", metrics, problems, out);
        }
        for (String entry : option.split(";")) {
            String path = entry.trim();
            if (!path.isEmpty()) {
                fromJar(Paths.get(path), metrics, problems, out);
            }
        }
        return out;
    }

    /** Whether the agent jar lists bundled extensions (their names are known only once they load). */
    private static List<String> bundled(List<String> problems) {
        List<String> out = new ArrayList<>();
        try {
            byte[] list = AgentJar.read(BUNDLED); // the agent's own jar, never a file of that name on the host's class path
            if (list == null) {
                return out;
            }
            for (String line : new String(list, StandardCharsets.UTF_8).split("\\R")) {
                if (!line.trim().isEmpty() && !line.trim().startsWith("#")) {
                    out.add(line.trim());
                }
            }
        } catch (IOException e) {
            problems.add("cannot read " + BUNDLED + " in the agent jar (" + e.getMessage() + ")");
        }
        return out;
    }

    private static void fromJar(Path jar, Metrics metrics, List<String> problems, List<Profile> out) {
        String where = "extension=" + jar;
        if (!Files.isRegularFile(jar)) {
            problems.add(where + ": no such file; the extension is not loaded");
            return;
        }
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException | SecurityException e) {
            problems.add(where + ": not a readable jar (" + e.getMessage() + "); the extension is not loaded");
            return;
        }
        Attributes a = manifest == null ? null : manifest.getMainAttributes();
        String classes = a == null ? null : a.getValue(MANIFEST_ATTRIBUTE);
        if (classes == null || classes.trim().isEmpty()) {
            problems.add(where + ": its manifest has no " + MANIFEST_ATTRIBUTE + " attribute naming the extension class;"
                    + " the extension is not loaded");
            return;
        }
        String api = a.getValue(API_ATTRIBUTE);
        if (api != null && !api.trim().equals(String.valueOf(ExtensionContext.API_VERSION))) {
            problems.add(where + ": built for extension API " + api.trim() + ", this agent implements "
                    + ExtensionContext.API_VERSION + "; the extension is not loaded");
            return;
        }
        URLClassLoader loader;
        try {
            loader = new ExtensionClassLoader(jar.toUri().toURL(), ExtensionLoader.class.getClassLoader());
        } catch (IOException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        for (String className : classes.trim().split("[,\\s]+")) {
            start(className, loader, jar.toString(), metrics, problems, out);
        }
    }

    private static void start(String className, ClassLoader loader, String from, Metrics metrics, List<String> problems,
                              List<Profile> out) {
        String where = "extension " + className + " (" + from + ")";
        TelemetryExtension extension;
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!TelemetryExtension.class.isAssignableFrom(type)) {
                problems.add(where + ": does not implement " + TelemetryExtension.class.getName() + "; not loaded");
                return;
            }
            extension = (TelemetryExtension) type.getConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            problems.add(where + ": the class is not there; not loaded");
            return;
        } catch (Throwable e) {
            problems.add(where + ": cannot be created (" + e + "); not loaded");
            return;
        }
        String name;
        try {
            name = extension.name();
        } catch (Throwable e) {
            name = null;
        }
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            name = className.substring(className.lastIndexOf('.') + 1);
        }
        ExtensionProfile profile = new ExtensionProfile(name, where, metrics);
        try {
            extension.start(profile);
        } catch (Throwable e) {
            problems.add(where + ": failed at start (" + e + "); its hooks are not used");
            return;
        }
        profile.started();
        out.add(profile);
    }
}
