package dev.telemetry.agent.profile.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The central-directory search finds exactly what listing every entry finds, or says it cannot. */
class JarNamesTest {
    private static final String DIR = "dev/telemetry/agent/profiles/";

    @TempDir
    Path tmp;

    private Path jar(String comment, String... names) throws Exception {
        Path jar = tmp.resolve("a" + names.length + (comment == null ? "" : "c") + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (String n : names) {
                out.putNextEntry(new JarEntry(n));
                out.write(("contents of " + n + " " + DIR).getBytes()); // the prefix inside file data must not count
                out.closeEntry();
            }
            if (comment != null) {
                out.setComment(comment);
            }
        }
        return jar;
    }

    private static List<String> listed(Path jar) throws Exception {
        List<String> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream().filter(e -> e.getName().startsWith(DIR)).forEach(e -> out.add(e.getName()));
        }
        Collections.sort(out);
        return out;
    }

    private static List<String> searched(Path jar) throws Exception {
        List<String> out = JarNames.startingWith(jar.toFile(), DIR);
        assertThat(out).isNotNull();
        out = new ArrayList<>(out);
        Collections.sort(out);
        return out;
    }

    @Test
    void findsTheSameNamesAsListingEveryEntry() throws Exception {
        Path jar = jar(null, "dev/telemetry/agent/Main.class", DIR + "mydb.profile", DIR + "ünïcode.profile", "x/" + DIR + "no.profile",
                DIR + "sub/deep.profile", "dev/telemetry/agent/profiles.txt");
        assertThat(searched(jar)).isEqualTo(listed(jar)).contains(DIR + "mydb.profile", DIR + "ünïcode.profile")
                .doesNotContain("x/" + DIR + "no.profile");
    }

    @Test
    void anEmptyDirectoryAndAJarWithAComment() throws Exception {
        assertThat(searched(jar(null, "a.class", "b.class"))).isEmpty();
        Path commented = jar("built by " + DIR + "x.profile", DIR + "one.profile");
        assertThat(searched(commented)).isEqualTo(listed(commented)).containsExactly(DIR + "one.profile");
    }

    @Test
    void notAJarIsNotGuessed() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.jar"), new byte[100]);
        assertThat(JarNames.startingWith(junk.toFile(), DIR)).isNull();
    }
}
