package dev.telemetry.agent.config;

import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.contract.ReportNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The one place that reads options. Precedence, highest first: agent option, system property
 * ({@code -Dtelemetry.<key>}), environment ({@code TELEMETRY_<KEY>}), the file named by
 * {@code config=}, the defaults baked into the jar ({@code defaults.properties}), built-in defaults.
 */
public final class ConfigLoader {
    public static final String SOURCE_DEFAULT = "built-in default";
    public static final String BAKED_IN_RESOURCE = "/dev/telemetry/agent/defaults.properties";

    private ConfigLoader() {}

    /** Loads the configuration; any mistake is a {@link ConfigException} naming the key, the value and what is accepted. */
    public static Config load(String agentArgs, Environment env) throws ConfigException {
        Map<Option, String> values = new EnumMap<>(Option.class);
        Map<Option, String> sources = new EnumMap<>(Option.class);
        for (Option o : Option.values()) {
            values.put(o, o.defaultValue());
            sources.put(o, SOURCE_DEFAULT);
        }
        // Lowest precedence first; each layer overwrites the one below.
        apply(values, sources, bakedIn(), "defaults baked into the agent jar");

        Map<Option, String> agentOptions = parseAgentArgs(agentArgs);
        Map<Option, String> sysProps = systemProperties(env);
        Map<Option, String> envVars = environmentVariables(env);

        String configPath = firstOf(Option.CONFIG, agentOptions, sysProps, envVars, values);
        if (configPath != null && !configPath.trim().isEmpty()) {
            Path file = Paths.get(configPath.trim());
            apply(values, sources, readFile(file), "file " + file);
        }
        apply(values, sources, envVars, "environment");
        apply(values, sources, sysProps, "system property");
        apply(values, sources, agentOptions, "agent option");

        for (Option o : Option.values()) {
            String source = sources.get(o);
            if (!SOURCE_DEFAULT.equals(source)) { // the built-in defaults are valid (a test holds them to it): not parsed on every start
                validate(o, values.get(o), source);
            }
        }
        return new Config(values, sources);
    }

    /** {@code key=value,key=value}; an empty string or null means no options. */
    static Map<Option, String> parseAgentArgs(String args) throws ConfigException {
        Map<Option, String> out = new LinkedHashMap<>();
        if (args == null || args.trim().isEmpty()) {
            return out;
        }
        for (String pair : args.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("malformed agent option \"" + pair.trim()
                        + "\": expected key=value pairs separated by commas, e.g. telemetry=disable");
            }
            Option option = known(pair.substring(0, eq).trim(), "in the agent options");
            out.put(option, pair.substring(eq + 1));
        }
        return out;
    }

    private static Map<Option, String> systemProperties(Environment env) throws ConfigException {
        Map<Option, String> out = new LinkedHashMap<>();
        for (String name : env.properties().stringPropertyNames()) {
            if (name.startsWith("telemetry.")) {
                // -Dtelemetry.* is our own namespace: a typo there is a mistake worth stopping on.
                Option option = known(name.substring("telemetry.".length()), "in system property -D" + name);
                out.put(option, env.property(name));
            }
        }
        return out;
    }

    private static Map<Option, String> environmentVariables(Environment env) {
        // TELEMETRY_* is a shared namespace (containers set such variables for other software),
        // so only the names of known keys are read; others are left alone.
        // One pass over the variables, not a name worked out and looked up per option: usually none is set.
        Map<Option, String> out = new EnumMap<>(Option.class);
        List<String> names = env.variablesStartingWith(Option.ENVIRONMENT_PREFIX);
        if (names.isEmpty()) {
            return out;
        }
        for (Option o : Option.values()) {
            String name = o.environmentVariable();
            if (names.contains(name)) {
                out.put(o, env.variable(name));
            }
        }
        return out;
    }

    private static Map<Option, String> readFile(Path file) throws ConfigException {
        Properties p;
        try {
            p = ConfigFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config=" + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "); accepted: a readable properties file with key=value lines");
        }
        return fromProperties(p, "in file " + file);
    }

    private static Map<Option, String> bakedIn() throws ConfigException {
        Properties p = null;
        try {
            byte[] bytes = AgentJar.read(BAKED_IN_RESOURCE);
            if (bytes != null) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                p = onlyComments(text) ? null : ConfigFile.parse(text);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("the defaults baked into the agent jar cannot be read: " + e.getMessage());
        }
        return p == null ? new LinkedHashMap<>() : fromProperties(p, "in the defaults baked into the agent jar");
    }

    /**
     * True when {@link Properties#load(java.io.Reader)} would find no key in the text: each line, after its
     * leading white space, is empty or a comment ({@code #} or {@code !}); a comment does not continue
     * onto the next line, whatever it ends with. By hand: the jar's own defaults are such a text, and
     * reading them as properties would load the JDK's readers on the premain thread.
     */
    static boolean onlyComments(String text) {
        boolean lineStart = true;
        boolean inComment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lineStart = true;
                inComment = false;
            } else if (inComment) {
                continue;
            } else if (lineStart && (c == ' ' || c == '\t' || c == '\f')) {
                continue;
            } else if (lineStart && (c == '#' || c == '!')) {
                inComment = true;
            } else {
                return false;
            }
        }
        return true;
    }

    private static Map<Option, String> fromProperties(Properties p, String where) throws ConfigException {
        Map<Option, String> out = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(known(name.trim(), where), p.getProperty(name));
        }
        return out;
    }

    private static Option known(String key, String where) throws ConfigException {
        Option option = Option.byKey(key);
        if (option == null) {
            List<String> keys = new ArrayList<>();
            for (Option o : Option.values()) {
                keys.add(o.key());
            }
            throw new ConfigException("unknown key \"" + key + "\" " + where + "; accepted keys: " + String.join(", ", keys));
        }
        return option;
    }

    private static String firstOf(Option option, Map<Option, String>... layers) {
        for (Map<Option, String> layer : layers) {
            if (layer.containsKey(option)) {
                return layer.get(option);
            }
        }
        return null;
    }

    private static void apply(Map<Option, String> values, Map<Option, String> sources, Map<Option, String> layer, String source) {
        if (layer.isEmpty()) {
            return; // usually most layers: walking an empty EnumMap loads its iterator classes from the JDK's image
        }
        for (Map.Entry<Option, String> e : layer.entrySet()) {
            values.put(e.getKey(), e.getValue());
            String detail = source;
            if (source.equals("system property")) {
                detail = "system property -D" + e.getKey().systemProperty();
            } else if (source.equals("environment")) {
                detail = "environment variable " + e.getKey().environmentVariable();
            }
            sources.put(e.getKey(), detail);
        }
    }

    static void validate(Option o, String value, String source) throws ConfigException {
        String accepted = rejected(o.kind(), value);
        if (accepted != null) {
            throw new ConfigException("bad value \"" + value + "\" for " + o.key() + " (from " + source + "); accepted: " + accepted);
        }
    }

    /**
     * What a kind of option accepts, when the value is not that; null when it is. Not a switch: a
     * switch on an enum is one more class (and its error class) to load on the premain thread.
     */
    private static String rejected(Option.Kind kind, String value) {
        if (kind == Option.Kind.TEXT) {
            return null;
        } else if (kind == Option.Kind.NAME) {
            return value.isEmpty() || ReportNames.isAppName(value) ? null : "letters, digits, '.', '_' or '-', at most 64 characters";
        } else if (kind == Option.Kind.STATE_WORD) {
            return TelemetryChoice.parse(value) != null ? null : TelemetryChoice.accepted();
        } else if (kind == Option.Kind.DURATION) {
            return Durations.parse(value) != null ? null : Durations.ACCEPTED;
        } else if (kind == Option.Kind.LOG_LEVEL) {
            return oneOf(value, "debug", "info", "warn", "off") ? null : "debug, info, warn or off";
        } else if (kind == Option.Kind.PROFILE) {
            // a profile file's name is checked once the files are read
            return isProfileName(value.trim()) ? null
                    : "auto, mongo-java-server, generic, none or the name of a profile file's profile";
        } else if (kind == Option.Kind.COMMAND_SOURCE) {
            return commandSourceRejected(value);
        } else if (kind == Option.Kind.REGEX) {
            return value.isEmpty() || ValueChecks.isOneGroupRegex(value) ? null : "a Java regular expression with exactly one capturing group";
        } else if (kind == Option.Kind.BOOLEAN) {
            return oneOf(value, "true", "false") ? null : "true or false";
        } else if (kind == Option.Kind.PACKAGE) {
            return value.trim().isEmpty() || oneOf(value, "docker", "package", "self-built", "unknown") ? null
                    : "docker, package, self-built or unknown (or empty to detect)";
        } else if (kind == Option.Kind.URL) {
            return value.trim().isEmpty() || ReportUrl.isHttpUrl(value.trim()) ? null : "an absolute http:// or https:// URL";
        } else if (kind == Option.Kind.POSITIVE_INT) {
            return ValueChecks.isWholeNumber(value.trim(), 1, 1_000_000) ? null : "a whole number from 1 to 1000000";
        }
        return null;
    }

    private static String commandSourceRejected(String value) {
        if (value.trim().equals("method") || value.trim().equals(Option.COMMAND.defaultValue())) {
            return null; // no parser needed
        }
        try {
            ValuePath.Root root = ValuePath.parse(value).root();
            if (root != ValuePath.Root.RETURN && root != ValuePath.Root.THROWN) {
                return null;
            }
            return "arg0 ... arg9 or method, or a path such as arg1.getCommand() or this.line (the command is read when"
                    + " the method starts: not return or thrown)";
        } catch (IllegalArgumentException e) {
            return "arg0 ... arg9 or method, or a path such as arg1.getCommand() or this.line (" + e.getMessage() + ")";
        }
    }

    /** A lower-case letter or digit, then up to 63 of them or '.', '_' or '-'. By hand: this runs on the premain thread. */
    static boolean isProfileName(String v) {
        if (v.isEmpty() || v.length() > 64) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean oneOf(String value, String... words) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (w.equals(v)) return true;
        }
        return false;
    }
}
