package dev.telemetry.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What the process was started with: environment variables and system properties. Passed in rather
 * than read globally so the resolver can be tested as a table and the CLI's {@code status} uses the
 * very same code with its own process's view.
 */
public final class Environment {
    private final Map<String, String> variables;
    private final Properties properties;

    public Environment(Map<String, String> variables, Properties properties) {
        this(copy(properties), Collections.unmodifiableMap(new HashMap<>(variables)));
    }

    /** Takes both as they are (note the order: properties first, unlike the public constructor, which copies). */
    private Environment(Properties properties, Map<String, String> variables) {
        this.variables = variables;
        this.properties = properties;
    }

    /**
     * This process's: {@code System.getenv()} is already an unmodifiable copy taken at start (used as
     * it is: copying it walks every variable on the premain thread); the properties can change, so
     * they are copied, as a clone (one copy of the table, not a lookup and a store per property).
     */
    public static Environment current() {
        return new Environment((Properties) System.getProperties().clone(), System.getenv());
    }

    private static Properties copy(Properties from) {
        Properties to = new Properties();
        for (String name : from.stringPropertyNames()) {
            to.setProperty(name, from.getProperty(name));
        }
        return to;
    }

    public String variable(String name) {
        return variables.get(name);
    }

    /** The names of the variables that start with {@code prefix}, in no particular order. */
    public List<String> variablesStartingWith(String prefix) {
        List<String> out = new ArrayList<>();
        for (String name : variables.keySet()) {
            if (name.startsWith(prefix)) {
                out.add(name);
            }
        }
        return out;
    }

    public String property(String name) {
        return properties.getProperty(name);
    }

    public Properties properties() {
        return properties;
    }
}
