package dev.telemetry.agent.state;

import dev.telemetry.agent.config.AgentJar;
import dev.telemetry.agent.config.Environment;

import java.nio.file.Files;
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
        Path location = AgentJar.location();
        String agentJar = location == null ? null : fileName(location.toString());
        String command = env.property("sun.java.command");
        String main = null;
        if (command != null && !command.trim().isEmpty()) {
            String c = command.trim();
            int end = 0;
            while (end < c.length() && !Character.isWhitespace(c.charAt(end))) {
                end++;
            }
            main = c.substring(0, end); // no regex: this runs on the premain thread
        }
        String launcher = null;
        try {
            // Linux's /proc/self/exe is what ProcessHandle reads too, without setting up its thread pool
            Path exe = Paths.get("/proc/self/exe");
            launcher = Files.isSymbolicLink(exe) ? Files.readSymbolicLink(exe).toString()
                    : ProcessHandle.current().info().command().orElse(null);
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
            name = withoutVersion(name.substring(0, name.length() - 4));
        }
        StringBuilder safe = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            safe.append(ok ? c : '_');
        }
        name = safe.toString();
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            name = "app" + name;
        }
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /**
     * Without a trailing {@code -<digit><word characters or dots>} ({@code mydb-2.3.1} -> {@code mydb}).
     * By hand, not a regex: this runs on the premain thread.
     */
    static String withoutVersion(String name) {
        for (int dash = name.indexOf('-'); dash >= 0; dash = name.indexOf('-', dash + 1)) {
            if (dash + 1 < name.length() && isAsciiDigit(name.charAt(dash + 1)) && versionTail(name, dash + 2)) {
                return name.substring(0, dash);
            }
        }
        return name;
    }

    private static boolean versionTail(String name, int from) {
        for (int i = from; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isAsciiDigit(c) || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static String fileName(String path) {
        Path p = Paths.get(path).getFileName();
        return p == null ? path : p.toString();
    }
}
