package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar is self-contained: every class under the agent's package, Byte Buddy and the code that
 * uses it in the nested archive {@code weave.jar}, and a complete manifest.
 */
class JarContentsIT {
    static final String NESTED = "dev/telemetry/agent/weave.jar";

    /** The nested archive's entries, by name, with their compression method. */
    static java.util.Map<String, Integer> nested() throws Exception {
        java.util.Map<String, Integer> out = new java.util.LinkedHashMap<>();
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile());
             java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(jar.getInputStream(jar.getEntry(NESTED)))) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                assertThat(out.put(e.getName(), e.getMethod())).as("once in the nested archive: " + e.getName()).isNull();
            }
        }
        return out;
    }

    @Test
    void everyClassLivesInTheAgentsPackage() throws Exception {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        List<String> names = new ArrayList<>(nested().keySet());
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
        }
        for (String name : names) {
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
        assertThat(outside).isEmpty();
        assertThat(classes).isGreaterThan(1000); // Byte Buddy and jackson-core are inside, relocated
    }

    /**
     * What the JVM reads before premain is the jar's central directory: Byte Buddy (nine entries in ten)
     * and the weaving code are in the nested archive, stored so that it is read in place, and nowhere else.
     */
    @Test
    void byteBuddyAndTheWeavingCodeAreInTheNestedArchiveOnly() throws Exception {
        int outer = 0;
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(ForkedJvm.AGENT_JAR.toFile())) {
            assertThat(jar.getEntry(NESTED).getMethod()).isEqualTo(java.util.zip.ZipEntry.STORED);
            for (Enumeration<? extends java.util.zip.ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                assertThat(name).doesNotStartWith("dev/telemetry/agent/shaded/net/").doesNotStartWith("dev/telemetry/agent/weave/");
                outer++;
            }
        }
        assertThat(outer).isLessThan(600);
        java.util.Map<String, Integer> nested = nested();
        assertThat(nested.keySet()).allMatch(n -> n.startsWith("dev/telemetry/agent/shaded/net/bytebuddy/")
                || n.startsWith("dev/telemetry/agent/weave/"));
        assertThat(nested).containsKeys("dev/telemetry/agent/weave/AdviceTransformer.class",
                "dev/telemetry/agent/weave/ArgumentCommandAdvice.class", "dev/telemetry/agent/shaded/net/bytebuddy/ByteBuddy.class");
        assertThat(nested.size()).isGreaterThan(2000);
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
        names.addAll(nested().keySet());
        java.nio.file.Path classes = ForkedJvm.AGENT_JAR.getParent().resolve("classes");
        try (java.util.stream.Stream<java.nio.file.Path> built = java.nio.file.Files.walk(classes)) {
            built.filter(f -> f.toString().endsWith(".class"))
                    .forEach(f -> assertThat(names).contains(classes.relativize(f).toString().replace('\\', '/')));
        }
    }

    @Test
    void dependenciesAreRelocated() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            assertThat(jar.getEntry("dev/telemetry/agent/shaded/com/fasterxml/jackson/core/JsonFactory.class")).isNotNull();
            assertThat(jar.getEntry("net/bytebuddy/ByteBuddy.class")).isNull();
        }
        java.util.Map<String, Integer> nested = nested();
        assertThat(nested).containsKey("dev/telemetry/agent/shaded/net/bytebuddy/agent/builder/AgentBuilder.class");
        assertThat(nested).doesNotContainKey("net/bytebuddy/ByteBuddy.class");
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
