package dev.telemetry.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An archive inside the agent jar, read in place when stored, from its bytes otherwise, every entry checked. */
class NestedArchiveTest {
    private static final String NESTED = "dev/telemetry/agent/weave.jar";
    private static final byte[] CLASS = "the bytes of a/B.class".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEXT = "the text of a/notes.txt".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path tmp;

    /** The inner archive: one deflated entry, one stored. */
    private static byte[] inner() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("a/B.class"));
            out.write(CLASS);
            out.closeEntry();
            out.putNextEntry(stored("a/notes.txt", TEXT));
            out.write(TEXT);
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** An entry to be written uncompressed: its sizes and CRC set beforehand, as ZipOutputStream requires. */
    static ZipEntry stored(String name, byte[] data) {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        return e;
    }

    /** An agent jar with the inner archive between two other entries, stored or deflated. */
    private Path outer(byte[] inner, boolean store) throws IOException {
        Path jar = Files.createTempFile(tmp, "agent", ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new ZipEntry("dev/telemetry/agent/defaults.properties"));
            out.write("a=b\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(store ? stored(NESTED, inner) : new ZipEntry(NESTED));
            out.write(inner);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("dev/telemetry/agent/Last.class"));
            out.write(CLASS);
            out.closeEntry();
        }
        return jar;
    }

    private static JarDirectory.Entry entry(Path jar) throws IOException {
        return JarDirectory.startingWith(jar.toFile(), "dev/telemetry/agent/", ".class").get(NESTED);
    }

    @Test
    void aStoredArchiveIsReadInPlace() throws Exception {
        Path jar = outer(inner(), true);
        NestedArchive a = NestedArchive.inPlace(jar.toFile(), entry(jar));
        assertThat(a).isNotNull();
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.read("a/B.class")).isEqualTo(CLASS);
        assertThat(a.read("a/notes.txt")).isEqualTo(TEXT);
        assertThat(a.read("a/C.class")).isNull();
        assertThat(a.read("dev/telemetry/agent/Last.class")).as("the outer jar's entries are not the archive's").isNull();
    }

    @Test
    void aCompressedArchiveIsNotReadInPlaceButFromItsBytes() throws Exception {
        Path jar = outer(inner(), false);
        assertThat(entry(jar).method).isEqualTo(ZipEntry.DEFLATED);
        assertThat(NestedArchive.inPlace(jar.toFile(), entry(jar))).isNull();
        NestedArchive a = NestedArchive.of(JarDirectory.Source.of(inner()), "/" + NESTED);
        assertThat(a.read("a/B.class")).isEqualTo(CLASS);
        assertThat(a.read("a/notes.txt")).isEqualTo(TEXT);
    }

    @Test
    void aDamagedEntryIsNotReturnedAndTheOthersStillAre() throws Exception {
        Path jar = outer(inner(), true);
        byte[] all = Files.readAllBytes(jar);
        int at = indexOf(all, TEXT);
        all[at + 4] ^= 0x20; // the stored text, inside the stored archive: its CRC no longer matches
        Files.write(jar, all);
        NestedArchive a = NestedArchive.inPlace(jar.toFile(), entry(jar));
        assertThat(a.read("a/notes.txt")).isNull();
        assertThat(a.read("a/B.class")).isEqualTo(CLASS);
    }

    @Test
    void aDamagedDirectoryIsNotReadInPlaceNorFromItsBytes() throws Exception {
        byte[] inner = inner();
        for (int i = inner.length - 22; i < inner.length; i++) {
            inner[i] = 0; // the end record
        }
        Path jar = outer(inner, true);
        assertThat(NestedArchive.inPlace(jar.toFile(), entry(jar))).isNull();
        assertThatThrownBy(() -> NestedArchive.of(JarDirectory.Source.of(inner), "/" + NESTED))
                .isInstanceOf(IOException.class).hasMessageContaining(NESTED);
        assertThatThrownBy(() -> NestedArchive.of(JarDirectory.Source.of("not a zip".getBytes(StandardCharsets.UTF_8)), "/" + NESTED))
                .isInstanceOf(IOException.class);
    }

    private static int indexOf(byte[] all, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= all.length; i++) {
            for (int k = 0; k < part.length; k++) {
                if (all[i + k] != part[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
