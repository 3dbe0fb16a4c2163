package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The built jar is self-contained: every class under the agent's package, and a complete manifest. */
class JarContentsIT {

    @Test
    void everyClassLivesInTheAgentsPackage() throws Exception {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("META-INF/") || name.endsWith("/")) {
                    assertThat(name).doesNotEndWith(".class").as("no classes under META-INF, not even multi-release ones");
                    continue;
                }
                if (!name.startsWith("dev/telemetry/agent/")) {
                    outside.add(name);
                }
                if (name.endsWith(".class")) {
                    classes++;
                }
            }
        }
        assertThat(outside).isEmpty();
        assertThat(classes).isGreaterThan(1000); // Byte Buddy and jackson-core are inside, relocated
    }

    /**
     * The re-zip after shading (agent/pom.xml): the agent's own classes stored (premain inflates
     * none), every other entry deflated, the manifest first, no name twice, no class of the build lost.
     */
    @Test
    void ownClassesAreStoredAndNothingIsLostOrDoubled() throws Exception {
        java.util.Set<String> names = new java.util.HashSet<>();
        List<String> order = new ArrayList<>();
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (Enumeration<? extends java.util.zip.ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                java.util.zip.ZipEntry entry = e.nextElement();
                String name = entry.getName();
                assertThat(names.add(name)).as("once: " + name).isTrue();
                order.add(name);
                boolean own = name.startsWith("dev/telemetry/agent/") && !name.startsWith("dev/telemetry/agent/shaded/");
                if (name.endsWith(".class")) {
                    assertThat(entry.getMethod()).as(name).isEqualTo(own ? java.util.zip.ZipEntry.STORED : java.util.zip.ZipEntry.DEFLATED);
                }
            }
        }
        assertThat(order.subList(0, 2)).containsExactly("META-INF/", "META-INF/MANIFEST.MF");
        java.nio.file.Path classes = ForkedJvm.AGENT_JAR.getParent().resolve("classes");
        try (java.util.stream.Stream<java.nio.file.Path> built = java.nio.file.Files.walk(classes)) {
            built.filter(f -> f.toString().endsWith(".class"))
                    .forEach(f -> assertThat(names).contains(classes.relativize(f).toString().replace('\\', '/')));
        }
    }

    @Test
    void dependenciesAreRelocated() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            assertThat(jar.getEntry("dev/telemetry/agent/shaded/net/bytebuddy/agent/builder/AgentBuilder.class")).isNotNull();
            assertThat(jar.getEntry("dev/telemetry/agent/shaded/com/fasterxml/jackson/core/JsonFactory.class")).isNotNull();
            assertThat(jar.getEntry("net/bytebuddy/ByteBuddy.class")).isNull();
        }
    }

    @Test
    void manifestHasEveryEntry() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertThat(a.getValue("Premain-Class")).isEqualTo("dev.telemetry.agent.entry.AgentEntry");
            assertThat(a.getValue("Agent-Class")).isEqualTo("dev.telemetry.agent.entry.AgentEntry");
            assertThat(a.getValue("Main-Class")).isEqualTo("dev.telemetry.agent.entry.Cli");
            assertThat(a.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(a.getValue("Can-Redefine-Classes")).isEqualTo("true");
            assertThat(a.getValue("Implementation-Version")).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(a.getValue("Telemetry-Agent-Version")).isEqualTo(a.getValue("Implementation-Version"));
        }
    }

    /** The class cache tells two builds of one version apart by this: it must be there, to the millisecond. */
    @Test
    void theJarCarriesItsBuildTime() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            java.util.Properties p = new java.util.Properties();
            p.load(jar.getInputStream(jar.getEntry("dev/telemetry/agent/version.properties")));
            assertThat(p.getProperty("version")).isEqualTo(jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
            assertThat(p.getProperty("build")).matches("\\d{8}T\\d{6}\\.\\d{3}");
        }
    }

    @Test
    void cliVersionMatchesTheManifest() throws Exception {
        ForkedJvm.Result r = ForkedJvm.cli(java.util.Map.of(), "--version");
        assertThat(r.exit).isZero();
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            assertThat(r.out.trim()).isEqualTo("telemetry-agent " + jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
    }
}
