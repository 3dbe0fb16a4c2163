package dev.telemetry.agent.profile.spec;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The names in a jar that start with a prefix, read from its central directory in one piece. Listing the agent's jar with {@code ZipFile.entries()} builds an entry for each
 * of its 3,000 classes, interpreted on the premain thread: about 10 ms of every host's start for a
 * directory that is usually empty. Anything this does not expect (ZIP64, bytes before the archive,
 * a damaged directory) returns null, and the caller lists the jar the usual way.
 */
final class JarNames {
    private static final int END = 0x06054b50;
    private static final int ENTRY = 0x02014b50;
    private static final int END_SIZE = 22;
    private static final int ENTRY_SIZE = 46;

    private JarNames() {}

    static List<String> startingWith(File jar, String prefix) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(jar, "r")) {
            long length = f.length();
            int tail = (int) Math.min(length, END_SIZE + 0xFFFF);
            byte[] end = new byte[tail];
            f.seek(length - tail);
            f.readFully(end);
            int at = -1;
            for (int i = tail - END_SIZE; i >= 0; i--) {
                if (int32(end, i) == END) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                return null;
            }
            long size = int32(end, at + 12) & 0xFFFFFFFFL;
            long offset = int32(end, at + 16) & 0xFFFFFFFFL;
            if (size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL || offset + size > length - tail + at || size > Integer.MAX_VALUE) {
                return null;
            }
            byte[] directory = new byte[(int) size];
            f.seek(offset);
            f.readFully(directory);
            if (directory.length < ENTRY_SIZE || int32(directory, 0) != ENTRY) {
                return null;
            }
            // One record at a time (name length, then the name), the prefix compared from its end, where
            // the agent's own names (all under dev/telemetry/agent/) differ: this runs interpreted.
            byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            int record = 0;
            byte first = p[0];
            int last = p.length - 1;
            byte lastByte = p[last];
            int n = directory.length;
            byte[] d = directory;
            // The record fields read inline (little-endian): this loop runs interpreted, once per class in the jar.
            while (record + ENTRY_SIZE <= n) {
                if (d[record] != 0x50 || d[record + 1] != 0x4b || d[record + 2] != 0x01 || d[record + 3] != 0x02) {
                    return null;
                }
                int name = record + ENTRY_SIZE;
                int nameLength = (d[record + 28] & 0xFF) | (d[record + 29] & 0xFF) << 8;
                int next = name + nameLength + ((d[record + 30] & 0xFF) | (d[record + 31] & 0xFF) << 8)
                        + ((d[record + 32] & 0xFF) | (d[record + 33] & 0xFF) << 8);
                if (next > n) {
                    return null;
                }
                if (nameLength > last && d[name + last] == lastByte && d[name] == first && startsWith(d, name, p)) {
                    out.add(new String(d, name, nameLength, StandardCharsets.UTF_8));
                }
                record = next;
            }
            return out;
        }
    }

    private static boolean startsWith(byte[] b, int at, byte[] prefix) {
        for (int k = prefix.length - 1; k >= 0; k--) {
            if (b[at + k] != prefix[k]) {
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
}
