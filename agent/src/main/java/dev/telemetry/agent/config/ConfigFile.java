package dev.telemetry.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Properties text as {@link ConfigLoader} reads it: the {@code config=} file, and the defaults baked into
 * the jar when they hold a key ({@link ConfigLoader#onlyComments}). Apart from {@link ConfigLoader} so that
 * a start with neither (the usual one: the jar's own defaults are comments only) loads none of the JDK's
 * readers, which are not in its class-data archive, on the premain thread.
 */
final class ConfigFile {
    private ConfigFile() {}

    /** The file's properties, UTF-8. */
    static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** The text's properties (the baked-in defaults, UTF-8). */
    static Properties parse(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }
}
