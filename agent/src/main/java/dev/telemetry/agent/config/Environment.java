package dev.telemetry.agent.config;

import java.util.Collections;
import java.util.HashMap;
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
        this.variables = Collections.unmodifiableMap(new HashMap<>(variables));
        this.properties = new Properties();
        for (String name : properties.stringPropertyNames()) {
            this.properties.setProperty(name, properties.getProperty(name));
        }
    }

    public static Environment current() {
        return new Environment(System.getenv(), System.getProperties());
    }

    public String variable(String name) {
        return variables.get(name);
    }

    public String property(String name) {
        return properties.getProperty(name);
    }

    public Properties properties() {
        return properties;
    }
}
