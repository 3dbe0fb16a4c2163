package dev.telemetry.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The central-directory search finds exactly what listing every entry finds, or says it cannot. */
class JarDirectoryTest {
    private static final String OWN = "dev/telemetry/agent/";
    private static final String DIR = OWN + "profiles/";

    @TempDir
    Path tmp;

    private Path jar(String comment, List<ZipEntry> entries) throws Exception {
        Path jar = Files.createTempFile(tmp, "a", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (ZipEntry e : entries) {
                out.putNextEntry(e);
                out.write(("contents of " + e.getName() + " " + DIR).getBytes()); // the prefix inside file data must not count
                out.closeEntry();
            }
            if (comment != null) {
                out.setComment(comment);
            }
        }
        return jar;
    }

    private Path jar(String comment, String... names) throws Exception {
        List<ZipEntry> entries = new ArrayList<>();
        for (String n : names) {
            entries.add(new JarEntry(n));
        }
        return jar(comment, entries);
    }

    private static List<String> listed(Path jar, String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            z.stream().filter(e -> e.getName().startsWith(prefix) && !e.getName().endsWith(".class")).forEach(e -> out.add(e.getName()));
        }
        Collections.sort(out);
        return out;
    }

    private static List<String> searched(Path jar, String prefix) throws Exception {
        Map<String, JarDirectory.Entry> found = JarDirectory.startingWith(jar.toFile(), prefix, ".class");
        assertThat(found).isNotNull();
        List<String> out = new ArrayList<>(found.keySet());
        Collections.sort(out);
        return out;
    }

    @Test
    void findsTheSameNamesAsListingEveryEntry() throws Exception {
        Path jar = jar(null, OWN + "Main.class", DIR + "mydb.profile", DIR + "ünïcode.profile", "x/" + DIR + "no.profile",
                DIR + "sub/deep.profile", OWN + "profiles.txt", DIR + "Odd.class");
        assertThat(searched(jar, DIR)).isEqualTo(listed(jar, DIR)).contains(DIR + "mydb.profile", DIR + "ünïcode.profile")
                .doesNotContain("x/" + DIR + "no.profile", DIR + "Odd.class");
        assertThat(searched(jar, OWN)).isEqualTo(listed(jar, OWN)).contains(OWN + "profiles.txt").doesNotContain(OWN + "Main.class");
    }

    @Test
    void aDirectoryOfManyChunksWithRecordsAcrossTheirEdges() throws Exception {
        List<ZipEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // names of varying length, so records end at every offset of a chunk
            entries.add(new JarEntry(OWN + "shaded/" + "p".repeat(i % 97) + "/C" + i + (i % 500 == 7 ? ".txt" : ".class")));
        }
        ZipEntry longExtra = new JarEntry(OWN + "with-extra.txt");
        byte[] extra = new byte[40_000]; // longer than a chunk: skipped past what was read
        extra[0] = (byte) 0xCA;
        extra[1] = (byte) 0xFE;
        extra[2] = (byte) ((extra.length - 4) & 0xFF);
        extra[3] = (byte) ((extra.length - 4) >> 8);
        longExtra.setExtra(extra);
        entries.add(1500, longExtra);
        entries.add(new JarEntry(DIR + "last.profile"));
        Path jar = jar(null, entries);
        assertThat(searched(jar, OWN)).isEqualTo(listed(jar, OWN)).hasSize(8)
                .contains(OWN + "with-extra.txt", DIR + "last.profile");
    }

    @Test
    void readsStoredAndDeflatedEntriesAsZipFileDoes() throws Exception {
        byte[] big = ("key = value\n".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        ZipEntry stored = NestedArchiveTest.stored(OWN + "stored.properties", big);
        Path jar = tmp.resolve("data.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(OWN + "deflated.properties"));
            out.write(big);
            out.closeEntry();
            out.putNextEntry(stored);
            out.write(big);
            out.closeEntry();
            out.putNextEntry(new JarEntry(OWN + "empty.txt"));
            out.closeEntry();
        }
        Map<String, JarDirectory.Entry> found = JarDirectory.startingWith(jar.toFile(), OWN, ".class");
        assertThat(JarDirectory.read(jar.toFile(), found.get(OWN + "deflated.properties"))).isEqualTo(big);
        assertThat(JarDirectory.read(jar.toFile(), found.get(OWN + "stored.properties"))).isEqualTo(big);
        assertThat(JarDirectory.read(jar.toFile(), found.get(OWN + "empty.txt"))).isEmpty();
    }

    @Test
    void aDamagedEntryIsNotReturned() throws Exception {
        Path jar = jar(null, OWN + "a.properties");
        Map<String, JarDirectory.Entry> found = JarDirectory.startingWith(jar.toFile(), OWN, ".class");
        byte[] bytes = Files.readAllBytes(jar);
        byte[] expected;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            expected = z.getInputStream(z.getEntry(OWN + "a.properties")).readAllBytes();
        }
        assertThat(JarDirectory.read(jar.toFile(), found.get(OWN + "a.properties"))).isEqualTo(expected);
        JarDirectory.Entry e = found.get(OWN + "a.properties");
        int h = (int) e.header;
        int data = h + 30 + (bytes[h + 26] & 0xFF | (bytes[h + 27] & 0xFF) << 8) + (bytes[h + 28] & 0xFF | (bytes[h + 29] & 0xFF) << 8);
        bytes[data + 1] ^= 0x55; // the deflated data: a format error or a CRC that no longer matches
        Path damaged = Files.write(tmp.resolve("damaged-data.jar"), bytes);
        assertThat(JarDirectory.read(damaged.toFile(), e)).isNull();
        bytes = Files.readAllBytes(jar);
        bytes[(int) e.header] = 0; // the local header's signature
        Path noHeader = Files.write(tmp.resolve("no-header.jar"), bytes);
        assertThat(JarDirectory.read(noHeader.toFile(), e)).isNull();
    }

    @Test
    void aNameLongerThanAChunk() throws Exception {
        String longName = OWN + "x".repeat(20_000) + ".txt"; // the buffer grows to hold it
        Path jar = jar(null, OWN + "a.class", longName, OWN + "b.txt");
        assertThat(searched(jar, OWN)).containsExactlyInAnyOrder(longName, OWN + "b.txt");
    }

    @Test
    void anEntryPointingPastTheFileOrClaimingAHugeSizeIsNotRead() throws Exception {
        Path jar = jar(null, OWN + "a.properties");
        JarDirectory.Entry e = JarDirectory.startingWith(jar.toFile(), OWN, ".class").get(OWN + "a.properties");
        long length = Files.size(jar);
        assertThat(JarDirectory.read(jar.toFile(), new JarDirectory.Entry(length - 10, e.compressed, e.size, e.method, e.crc))).isNull();
        assertThat(JarDirectory.read(jar.toFile(), new JarDirectory.Entry(e.header, length, e.size, e.method, e.crc))).isNull();
        assertThat(JarDirectory.read(jar.toFile(), new JarDirectory.Entry(e.header, e.compressed, 1L << 31, e.method, e.crc))).isNull();
        assertThat(JarDirectory.read(jar.toFile(), new JarDirectory.Entry(e.header, e.compressed, e.size, 12, e.crc))).isNull(); // bzip2
        assertThat(JarDirectory.read(jar.toFile(), e)).isNotNull();
    }

    @Test
    void anEmptyDirectoryAndAJarWithAComment() throws Exception {
        assertThat(searched(jar(null, "a.class", "b.class"), DIR)).isEmpty();
        Path commented = jar("built by " + DIR + "x.profile", DIR + "one.profile");
        assertThat(searched(commented, DIR)).isEqualTo(listed(commented, DIR)).containsExactly(DIR + "one.profile");
        Path longComment = jar("c".repeat(5000), DIR + "two.profile"); // the end record further back than the first read
        assertThat(searched(longComment, DIR)).containsExactly(DIR + "two.profile");
    }

    @Test
    void notAJarOrBytesBeforeTheArchiveAreNotGuessed() throws Exception {
        Path junk = Files.write(tmp.resolve("junk.jar"), new byte[100]);
        assertThat(JarDirectory.startingWith(junk.toFile(), DIR, ".class")).isNull();
        Path jar = jar(null, DIR + "one.profile");
        byte[] bytes = Files.readAllBytes(jar);
        byte[] prefixed = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, prefixed, 10, bytes.length);
        Path shifted = Files.write(tmp.resolve("shifted.jar"), prefixed); // offsets no longer point at the directory
        assertThat(JarDirectory.startingWith(shifted.toFile(), DIR, ".class")).isNull();
    }

    @Test
    void aDamagedDirectoryIsNotGuessed() throws Exception {
        Path jar = jar(null, DIR + "one.profile", DIR + "two.profile");
        byte[] bytes = Files.readAllBytes(jar);
        // the second central record's signature
        int second = -1;
        for (int i = bytes.length - 23, found = 0; i >= 0; i--) {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 1 && bytes[i + 3] == 2 && ++found == 1) {
                second = i;
                break;
            }
        }
        bytes[second + 3] = 9;
        Path damaged = Files.write(tmp.resolve("damaged.jar"), bytes);
        assertThat(JarDirectory.startingWith(damaged.toFile(), DIR, ".class")).isNull();
    }
}
