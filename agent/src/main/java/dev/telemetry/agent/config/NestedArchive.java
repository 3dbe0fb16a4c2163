package dev.telemetry.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Map;

/**
 * An archive stored inside the agent jar (Byte Buddy and the code that uses it: {@code weave.jar}),
 * read in place. The JVM reads the whole central directory of the jar it loads an agent from, before
 * premain and interpreted, so every class kept out of that directory until it is needed is start-up
 * time saved for every host; one that never weaves afresh (its classes come from the class cache)
 * never reads this archive at all.
 * <p>
 * Read from its place in the jar when the jar stores it uncompressed, as the build does; otherwise
 * (a jar re-zipped by some tool) from its bytes in memory. Every entry read is checked against its CRC.
 */
public final class NestedArchive {
    private final JarDirectory.Source source;
    private final Map<String, JarDirectory.Entry> entries;

    private NestedArchive(JarDirectory.Source source, Map<String, JarDirectory.Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /**
     * The archive at {@code resource} (an absolute name, {@code /dev/...}) in the agent jar; null when
     * the agent runs from a classes directory (its own tests), where its classes are on the class path.
     */
    public static NestedArchive open(String resource) throws IOException {
        File jar = AgentJar.file();
        if (jar == null) {
            return null;
        }
        NestedArchive inPlace = inPlace(jar, AgentJar.entry(resource));
        if (inPlace != null) {
            return inPlace;
        }
        byte[] bytes = AgentJar.read(resource);
        if (bytes == null) {
            throw new IOException("the agent jar has no " + resource.substring(1));
        }
        return of(JarDirectory.Source.of(bytes), resource);
    }

    /** Read from the jar file itself: a stored entry (its bytes are the archive's, at one place in the file). */
    static NestedArchive inPlace(File jar, JarDirectory.Entry e) throws IOException {
        if (e == null || e.method != 0 || e.size != e.compressed) {
            return null;
        }
        RandomAccessFile file = new RandomAccessFile(jar, "r"); // kept open: classes are read from it as they load
        boolean kept = false;
        try {
            JarDirectory.Source whole = JarDirectory.Source.of(file, 0, file.length());
            long data = JarDirectory.dataOffset(whole, e);
            if (data < 0 || data + e.size > file.length()) {
                return null;
            }
            JarDirectory.Source range = JarDirectory.Source.of(file, data, e.size);
            Map<String, JarDirectory.Entry> entries = JarDirectory.entries(range, "", null);
            if (entries == null) {
                return null;
            }
            kept = true;
            return new NestedArchive(range, entries);
        } finally {
            if (!kept) {
                file.close();
            }
        }
    }

    static NestedArchive of(JarDirectory.Source source, String resource) throws IOException {
        Map<String, JarDirectory.Entry> entries = JarDirectory.entries(source, "", null);
        if (entries == null) {
            throw new IOException(resource.substring(1) + " in the agent jar is damaged or not a plain zip archive");
        }
        return new NestedArchive(source, entries);
    }

    /** An entry's bytes (a name without a leading slash, {@code a/b/C.class}); null when there is none or it is damaged. */
    public byte[] read(String name) {
        JarDirectory.Entry e = entries.get(name);
        return e == null ? null : JarDirectory.read(source, e);
    }

    /** How many entries it has. */
    public int size() {
        return entries.size();
    }
}
