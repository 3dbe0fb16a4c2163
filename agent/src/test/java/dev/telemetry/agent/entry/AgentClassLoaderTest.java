package dev.telemetry.agent.entry;

import dev.telemetry.agent.config.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's class loader over a jar made here from some of the agent's classes (the agent's tests
 * run from a classes directory, where the loader is not used): its own classes first, the package
 * defined with the jar's version, and two threads loading classes of one package at once both get them.
 */
class AgentClassLoaderTest {
    private static final List<String> CONFIG = List.of("dev.telemetry.agent.config.Option",
            "dev.telemetry.agent.config.ConfigException", "dev.telemetry.agent.config.Durations",
            "dev.telemetry.agent.config.TelemetryChoice");

    @Test
    void definesTheJarsClassesItselfAndLeavesTheRestToItsParent(@TempDir Path dir) throws Exception {
        Path jar = jar(dir);
        try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ClassLoader loader = AgentClassLoader.of(fromJar.loadClass(CONFIG.get(0)));
            assertThat(loader).isInstanceOf(AgentClassLoader.class);
            assertThat(((AgentClassLoader) loader).jar()).isEqualTo(jar.toFile()); // where AgentJar finds the jar
            Class<?> option = Class.forName(CONFIG.get(0), false, loader);
            assertThat(option.getClassLoader()).isSameAs(loader); // not its parent's, which has the class too
            assertThat(option).isNotSameAs(Option.class);
            assertThat(Class.forName("java.util.List", false, loader)).isSameAs(List.class);
            try (InputStream in = loader.getResourceAsStream("dev/telemetry/agent/config/Option.class")) {
                assertThat(in).isNotNull();
            }
        }
    }

    /** A plain path is taken as it stands; an escaped one (a space, a non-ASCII letter) is decoded. */
    @Test
    void aJarsFileIsTheOneItsUrlNamesWithOrWithoutEscapes(@TempDir Path dir) throws Exception {
        for (String name : List.of("telemetry.jar", "with space.jar", "t\u00e9l\u00e9m\u00e9trie.jar", "100%.jar")) {
            Path file = dir.resolve(name);
            URL url = file.toUri().toURL(); // as the JDK writes a class path entry's URL
            assertThat(AgentClassLoader.fileOf(url)).as(url.toString()).isEqualTo(file.toFile());
        }
        URL viaFileUrl = dir.resolve("with space.jar").toFile().toURI().toURL();
        assertThat(viaFileUrl.getPath()).contains("%20");
        assertThat(AgentClassLoader.fileOf(viaFileUrl)).isEqualTo(dir.resolve("with space.jar").toFile());
    }

    @Test
    void withoutAJarTheAgentUsesItsOwnLoader() {
        assertThat(AgentClassLoader.of(AgentClassLoaderTest.class)).isSameAs(AgentClassLoaderTest.class.getClassLoader());
    }

    /** The lock is per class name, so two classes of one new package may be defined at once: both load. */
    @Test
    void twoThreadsLoadingOnePackageAtOnceBothSucceed(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar(dir).toUri().toURL()}, null)) {
            Class<?> entry = fromJar.loadClass(CONFIG.get(0));
            for (int round = 0; round < 1_500; round++) {
                ClassLoader loader = AgentClassLoader.of(entry);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> a = pool.submit(() -> load(loader, together, CONFIG.get(1)));
                Future<?> b = pool.submit(() -> load(loader, together, CONFIG.get(2)));
                a.get(10, TimeUnit.SECONDS);
                b.get(10, TimeUnit.SECONDS); // rethrows what the thread met
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void load(ClassLoader loader, CyclicBarrier together, String name) throws Exception {
        together.await(10, TimeUnit.SECONDS);
        assertThat(Class.forName(name, false, loader).getClassLoader()).isSameAs(loader);
        return null;
    }

    /** A jar of a few of the agent's classes from this build. */
    private static Path jar(Path dir) throws Exception {
        Path jar = dir.resolve("agent-part.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : CONFIG) {
                String entry = name.replace('.', '/') + ".class";
                zip.putNextEntry(new ZipEntry(entry));
                try (InputStream in = AgentClassLoaderTest.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        return jar;
    }
}
