package dev.telemetry.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The entries of a jar whose names start with a prefix, read from its central directory a few KiB at
 * a time, and read directly from their local headers: the agent's few resource files without a
 * {@code ZipFile} (opening one runs milliseconds of interpreted code on the premain thread), and the
 * classes of the archive nested in the agent jar ({@link NestedArchive}), which no {@code ZipFile}
 * can open.
 * Listing the agent's jar with {@code ZipFile.entries()} builds an entry object for each of its
 * classes, interpreted on the premain thread, and reading the directory in one piece costs more than
 * reading it in chunks (a native buffer that size is mapped afresh).
 * Anything this does not expect (ZIP64, bytes before the archive, a damaged directory or entry, a
 * compression other than deflate) returns null, and the caller reads the jar the usual way.
 */
final class JarDirectory {
    private static final int END = 0x06054b50;
    private static final int LOCAL = 0x04034b50;
    private static final int LOCAL_SIZE = 30;
    private static final int END_SIZE = 22;
    private static final int ENTRY_SIZE = 46;
    private static final int CHUNK = 16 * 1024;
    private static final int SHORT_TAIL = 1024;

    private final Source source;
    private byte[] buf = new byte[CHUNK];
    private int at;
    private int filled;
    private long pos;
    private final long end;

    private JarDirectory(Source source, long start, long end) {
        this.source = source;
        this.pos = start;
        this.end = end;
    }

    /**
     * Where an archive's bytes are: a file, a range of a file (an archive stored inside another), or
     * memory. One class for all three, not a class each: this one loads on the premain thread.
     */
    static final class Source {
        private final RandomAccessFile file;
        private final long base;
        private final long length;
        private final byte[] bytes;

        private Source(RandomAccessFile file, long base, long length, byte[] bytes) {
            this.file = file;
            this.base = base;
            this.length = length;
            this.bytes = bytes;
        }

        /** A range of an open file; reads are serialised, as they seek. */
        static Source of(RandomAccessFile file, long base, long length) {
            return new Source(file, base, length, null);
        }

        static Source of(byte[] bytes) {
            return new Source(null, 0, bytes.length, bytes);
        }

        long length() {
            return length;
        }

        /** Exactly {@code n} bytes from {@code at}. */
        void read(long at, byte[] into, int offset, int n) throws IOException {
            if (at < 0 || at + n > length) {
                throw new IOException("past the end of the archive");
            }
            if (bytes != null) {
                System.arraycopy(bytes, (int) at, into, offset, n);
                return;
            }
            synchronized (file) {
                file.seek(base + at);
                file.readFully(into, offset, n);
            }
        }
    }

    /** Where an entry's data are, from its central record. */
    static final class Entry {
        final long header;
        final long compressed;
        final long size;
        final int method;
        final int crc;

        Entry(long header, long compressed, long size, int method, int crc) {
            this.header = header;
            this.compressed = compressed;
            this.size = size;
            this.method = method;
            this.crc = crc;
        }
    }

    /**
     * Entries whose names start with {@code prefix} and do not end with {@code skipSuffix}, by name in the
     * jar's order; null when the jar is not as expected.
     */
    static Map<String, Entry> startingWith(File jar, String prefix, String skipSuffix) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(jar, "r")) {
            return entries(Source.of(f, 0, f.length()), prefix, skipSuffix);
        }
    }

    /**
     * An archive's entries whose names start with {@code prefix} and do not end with {@code skipSuffix}
     * (null: skip none), by name in the archive's order; null when it is not as expected.
     */
    static Map<String, Entry> entries(Source source, String prefix, String skipSuffix) throws IOException {
        long length = source.length();
        long[] directory = directory(source, length, SHORT_TAIL);
        if (directory == null && length > SHORT_TAIL) {
            directory = directory(source, length, END_SIZE + 0xFFFF); // a long archive comment
        }
        return directory == null ? null : new JarDirectory(source, directory[0], directory[0] + directory[1]).walk(
                prefix.getBytes(StandardCharsets.UTF_8), skipSuffix == null ? null : skipSuffix.getBytes(StandardCharsets.UTF_8));
    }

    /** The central directory's offset and size from the end record within the last {@code tail} bytes, or null. */
    private static long[] directory(Source s, long length, int maxTail) throws IOException {
        int tail = (int) Math.min(length, maxTail);
        byte[] end = new byte[tail];
        s.read(length - tail, end, 0, tail);
        for (int i = tail - END_SIZE; i >= 0; i--) {
            if (int32(end, i) == END) {
                long size = int32(end, i + 12) & 0xFFFFFFFFL;
                long offset = int32(end, i + 16) & 0xFFFFFFFFL;
                boolean plain = size != 0xFFFFFFFFL && offset != 0xFFFFFFFFL && offset + size == length - tail + i;
                return plain && size >= ENTRY_SIZE ? new long[] {offset, size} : null;
            }
        }
        return null;
    }

    /**
     * One record at a time: the fixed part, then the name, compared from its ends. This runs
     * interpreted, once per class in the jar, so the common case is written inline: no call unless a
     * record crosses the end of the buffer, and a class is told by its suffix first.
     */
    private Map<String, Entry> walk(byte[] p, byte[] skip) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        int skipLength = skip == null ? Integer.MAX_VALUE : skip.length;
        byte[] d = buf;
        while (at < filled || pos < end) {
            if (filled - at < ENTRY_SIZE) {
                if (!ensure(ENTRY_SIZE)) {
                    return null;
                }
                d = buf;
            }
            int r = at;
            if (d[r] != 0x50 || d[r + 1] != 0x4b || d[r + 2] != 0x01 || d[r + 3] != 0x02) {
                return null;
            }
            int nameLength = (d[r + 28] & 0xFF) | (d[r + 29] & 0xFF) << 8;
            int record = ENTRY_SIZE + nameLength + ((d[r + 30] & 0xFF) | (d[r + 31] & 0xFF) << 8)
                    + ((d[r + 32] & 0xFF) | (d[r + 33] & 0xFF) << 8);
            if (nameLength >= p.length) {
                if (filled - r < ENTRY_SIZE + nameLength) {
                    if (!ensure(ENTRY_SIZE + nameLength)) {
                        return null;
                    }
                    d = buf;
                    r = at;
                }
                int name = r + ENTRY_SIZE;
                if (!(nameLength >= skipLength && matches(d, name + nameLength - skipLength, skip))
                        && matches(d, name, p)) {
                    out.put(new String(d, name, nameLength, StandardCharsets.UTF_8), new Entry(uint32(d, r + 42),
                            uint32(d, r + 20), uint32(d, r + 24), int16(d, r + 10), int32(d, r + 16)));
                }
            }
            if (record <= filled - at) {
                at += record;
            } else {
                pos += record - (filled - at); // a long extra field or comment: past what was read
                at = filled;
            }
        }
        return pos == end ? out : null; // past the end: a length field lies
    }

    /** At least {@code n} unread bytes in the buffer (the unread rest moved to its front), false past the directory's end. */
    private boolean ensure(int n) throws IOException {
        if (filled - at >= n) {
            return true;
        }
        if (n > end - pos + (filled - at)) {
            return false;
        }
        byte[] target = n > buf.length ? new byte[n] : buf;
        System.arraycopy(buf, at, target, 0, filled - at);
        filled -= at;
        at = 0;
        buf = target;
        int more = (int) Math.min(buf.length - filled, end - pos);
        source.read(pos, buf, filled, more);
        pos += more;
        filled += more;
        return true;
    }

    /** Larger than any resource of the agent: a record claiming more is damaged, not read. */
    private static final long MAX_ENTRY = 16 << 20;

    /**
     * An entry's bytes (stored or deflated, its CRC checked), or null when anything is not as the
     * directory says: a local header elsewhere, data past the end of the file, sizes that do not fit.
     */
    static byte[] read(File jar, Entry e) {
        try (RandomAccessFile f = new RandomAccessFile(jar, "r")) {
            return read(Source.of(f, 0, f.length()), e);
        } catch (IOException ex) {
            return null;
        }
    }

    /** {@link #read(File, Entry)} from any source. */
    static byte[] read(Source source, Entry e) {
        boolean plain = (e.method == 0 && e.size == e.compressed) || e.method == 8;
        if (!plain || e.size > MAX_ENTRY || e.compressed > MAX_ENTRY || e.header == 0xFFFFFFFFL) {
            return null;
        }
        try {
            long data = dataOffset(source, e);
            if (data < 0 || data + e.compressed > source.length()) {
                return null;
            }
            byte[] compressed = new byte[(int) e.compressed];
            source.read(data, compressed, 0, compressed.length);
            byte[] out = e.method == 8 ? inflate(compressed, (int) e.size) : compressed;
            if (out == null) {
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(out, 0, out.length);
            return (int) crc.getValue() == e.crc ? out : null;
        } catch (IOException ex) {
            return null;
        }
    }

    /** Where an entry's data start (past its local header), or -1 when the local header is not the directory's. */
    static long dataOffset(Source source, Entry e) throws IOException {
        if (e.header + LOCAL_SIZE > source.length()) {
            return -1;
        }
        byte[] header = new byte[LOCAL_SIZE];
        source.read(e.header, header, 0, LOCAL_SIZE);
        if (int32(header, 0) != LOCAL || int16(header, 8) != e.method || (int16(header, 6) & 1) != 0) {
            return -1;
        }
        return e.header + LOCAL_SIZE + int16(header, 26) + int16(header, 28);
    }

    private static byte[] inflate(byte[] data, int size) {
        byte[] out = new byte[size];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int k = inflater.inflate(out, n, out.length - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                n += k;
            }
            return n == out.length ? out : null;
        } catch (DataFormatException damaged) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static boolean matches(byte[] b, int at, byte[] bytes) {
        for (int k = bytes.length - 1; k >= 0; k--) {
            if (b[at + k] != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    private static int int16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static int int32(byte[] b, int at) {
        return int16(b, at) | int16(b, at + 2) << 16;
    }

    private static long uint32(byte[] b, int at) {
        return int32(b, at) & 0xFFFFFFFFL;
    }
}
