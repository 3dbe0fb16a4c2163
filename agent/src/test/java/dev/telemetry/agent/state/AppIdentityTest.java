package dev.telemetry.agent.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default application name, by hand (it is computed on the premain thread), as the regexes it replaces said. */
class AppIdentityTest {
    private static String derived(String mainJarOrClass) {
        return new AppIdentity("telemetry.jar", mainJarOrClass, "/usr/bin/java").derivedAppName();
    }

    private static String byRegex(String main) {
        String name = main;
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
            name = AppIdentity.fileName(name);
            name = name.substring(0, name.length() - 4).replaceFirst("-\\d[\\w.]*$", "");
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            name = "app" + name;
        }
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    @Test
    void theNameIsTheJarWithoutItsVersionOrTheMainClass() {
        assertThat(derived("/opt/mydb/mydb-2.3.1.jar")).isEqualTo("mydb");
        assertThat(derived("/opt/x/test-app.jar")).isEqualTo("test-app");
        assertThat(derived("com.example.Main")).isEqualTo("com.example.Main");
        assertThat(derived(null)).isEqualTo("java-app");
        String[] mains = {"a-1.jar", "a-b-2.0-SNAPSHOT.jar", "a-2-b.jar", "a-x1.jar", "server-1.2.3-all.jar", "my app-1.jar", "-1.jar",
            "ünï-9.jar", "x-1+2.jar", "kafka_2.13-3.6.0.jar", "a-1-2.jar", "com.example.Main$Inner", "dir/sub/x-3.JAR"};
        for (String m : mains) {
            assertThat(derived(m)).as(m).isEqualTo(byRegex(m));
        }
    }
}
