package dev.telemetry.agent.state;

import dev.telemetry.agent.config.Environment;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The names that identify the running program: the agent jar's file name, the application's main
 * jar or class, and the launcher executable. They feed the {@code donottrack} check and the default
 * application name; none of them ever goes into a report.
 */
public final class AppIdentity {
    private final String agentJarName;
    private final String mainJarOrClass;
    private final String launcher;

    public AppIdentity(String agentJarName, String mainJarOrClass, String launcher) {
        this.agentJarName = agentJarName;
        this.mainJarOrClass = mainJarOrClass;
        this.launcher = launcher;
    }

    /** Read from this process: the agent jar's location, {@code sun.java.command}, the process's command. */
    public static AppIdentity current(Environment env) {
        String agentJar = null;
        try {
            java.security.CodeSource cs = AppIdentity.class.getProtectionDomain().getCodeSource();
            if (cs != null && cs.getLocation() != null) {
                agentJar = fileName(Paths.get(cs.getLocation().toURI()).toString());
            }
        } catch (Exception | LinkageError e) {
            // unknown location: nothing to check
        }
        String command = env.property("sun.java.command");
        String main = null;
        if (command != null && !command.trim().isEmpty()) {
            main = command.trim().split("\\s+")[0];
        }
        String launcher = null;
        try {
            launcher = ProcessHandle.current().info().command().orElse(null);
        } catch (Exception | LinkageError e) {
            // not available on this platform
        }
        return new AppIdentity(agentJar, main, launcher);
    }

    public String agentJarName() { return agentJarName; }
    public String mainJarOrClass() { return mainJarOrClass; }
    public String launcher() { return launcher; }

    /**
     * The default application name: the main jar's file name without {@code .jar} and without a
     * trailing version (so an upgrade keeps the same state directory), else the main class.
     */
    public String derivedAppName() {
        if (mainJarOrClass == null || mainJarOrClass.isEmpty()) {
            return "java-app";
        }
        String name = mainJarOrClass;
        if (name.toLowerCase(Locale.ROOT).endsWith(".jar")) {
            name = fileName(name);
            name = name.substring(0, name.length() - 4).replaceFirst("-\\d[\\w.]*$", "");
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            name = "app" + name;
        }
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    static String fileName(String path) {
        Path p = Paths.get(path).getFileName();
        return p == null ? path : p.toString();
    }
}
