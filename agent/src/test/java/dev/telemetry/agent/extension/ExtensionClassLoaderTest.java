package dev.telemetry.agent.extension;

import com.example.fixture.ThrowingExtension;
import dev.telemetry.agent.api.TelemetryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An extension jar's classes come from the jar even when the host's class path has a class of the
 * same name (here the test's own class path plays the host's), and the agent's API always from the
 * agent, even when the jar carries a copy of it.
 */
class ExtensionClassLoaderTest {

    @Test
    void theJarsOwnClassesFirstAndTheAgentsApiFromTheAgent(@TempDir Path dir) throws Exception {
        Path jar = dir.resolve("extension.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            copy(zip, ThrowingExtension.class); // also on the class path that stands for the host's
            copy(zip, TelemetryExtension.class); // a copy of the API that must not be used
        }
        ClassLoader parent = ExtensionClassLoaderTest.class.getClassLoader();
        try (ExtensionClassLoader loader = new ExtensionClassLoader(jar.toUri().toURL(), parent)) {
            Class<?> extension = Class.forName(ThrowingExtension.class.getName(), false, loader);
            assertThat(extension.getClassLoader()).isSameAs(loader);
            assertThat(extension).isNotSameAs(ThrowingExtension.class);
            assertThat(Class.forName(TelemetryExtension.class.getName(), false, loader)).isSameAs(TelemetryExtension.class);
            assertThat(TelemetryExtension.class.isAssignableFrom(extension)).isTrue();
            assertThat(Class.forName("java.lang.String", false, loader)).isSameAs(String.class);
        }
    }

    private static void copy(ZipOutputStream zip, Class<?> type) throws Exception {
        String name = type.getName().replace('.', '/') + ".class";
        zip.putNextEntry(new ZipEntry(name));
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }
}
