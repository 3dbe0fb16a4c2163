package dev.telemetry.agent.instrument;

import dev.telemetry.agent.AgentVersion;
import dev.telemetry.agent.config.AgentJar;
import dev.telemetry.agent.log.AgentLog;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The classes earlier starts wove, so that a later start needs no Byte Buddy at all. An entry is
 * used only for the very same original bytes (compared in full, not by digest), woven by the same
 * agent build with the same hooks and the same hooks applying to the class; the file carries all of
 * them and a checksum, so a changed class, another agent version, other options, a truncated or a
 * damaged file are each a miss, and the class is woven afresh (and the entry rewritten).
 * <p>
 * Where: {@code <state-dir>/classes/<configuration>/}, one file per class. The directory must be
 * this user's and writable by nobody else, or the cache is not used at all (a file there is code
 * the host will run). Files are written by the agent's own thread, to a temporary file renamed into
 * place, so a reader (another JVM starting at the same moment) sees a whole entry or none; and only
 * once the state is known not to be off: off writes nothing.
 */
final class ClassCache {
    static final String DIRECTORY = "classes";
    /**
     * What an entry is woven with besides the hooks: the bridge it calls; and the weaving code (the
     * advice inlined, Byte Buddy) by {@link WeaveLoader#fingerprint}.
     */
    static final String[] WOVEN_WITH = {
        "dev.telemetry.agent.bootstrap.Bridge",
        "dev.telemetry.agent.bootstrap.Recorder",
    };
    private static final int MAGIC = 0x54414301; // "TAC", format 1
    private static final int MAX_FILE = 16 << 20;
    /** Other configurations' entries are removed once unused this long. */
    static final long UNUSED_DAYS = 14;

    private final Path root;
    private final String hooks;
    private volatile String key;
    private volatile Path dir;
    /** 0: not looked at yet; 1: this user's and nobody else's; -1: not to be used. */
    private volatile int trust;

    private final Object lock = new Object();
    private final ArrayDeque<byte[][]> pending = new ArrayDeque<>();
    private Boolean mayWrite; // null until the state is known
    private boolean writing;
    private boolean cleaned;

    /** @param root {@code <state-dir>/classes}; @param hooks the hooks' description ({@link HookTable#description}) */
    ClassCache(Path root, String hooks) {
        this.root = root;
        this.hooks = hooks;
    }

    /** The woven class an earlier start kept for exactly these bytes and hooks, or null. */
    Woven find(String internalName, byte[] original, List<HookTable.Entry> applied) {
        try {
            if (!usable(false)) {
                return null;
            }
            String classKey = classKey(applied);
            // java.io, not NIO channels: this runs on the host's thread as its class loads, and java.io is loaded already
            java.io.File file = dir().resolve(fileName(internalName, classKey, original)).toFile();
            if (!file.isFile() || file.length() > MAX_FILE) {
                return null;
            }
            byte[] data;
            try (java.io.FileInputStream in = new java.io.FileInputStream(file)) {
                data = in.readAllBytes();
            }
            return decode(data, classKey, original, applied.size());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps a freshly woven class, written later by the agent's own thread. */
    void store(String internalName, byte[] original, List<HookTable.Entry> applied, Woven woven) {
        try {
            String classKey = classKey(applied);
            byte[][] entry = {fileName(internalName, classKey, original).getBytes(StandardCharsets.UTF_8),
                    encode(classKey, original, woven)};
            synchronized (lock) {
                if (Boolean.FALSE.equals(mayWrite) || trust < 0) {
                    return;
                }
                pending.add(entry);
                if (!writing) {
                    writing = true;
                    Thread t = new Thread(new Runnable() {
                        @Override
                        public void run() {
                            writeAll();
                        }
                    }, "telemetry-agent-class-cache");
                    t.setDaemon(true);
                    t.setContextClassLoader(null); // created on a host thread: keep none of its loaders reachable
                    t.start();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not kept: the next start weaves it again
        }
    }

    /** For tests: whether the agent's thread still has entries to write or is waiting to. */
    boolean writing() {
        synchronized (lock) {
            return writing;
        }
    }

    /** Once the state is known: true lets entries be written, false (telemetry off) drops them. */
    void allowWrites(boolean allowed) {
        synchronized (lock) {
            mayWrite = allowed;
            if (!allowed) {
                pending.clear();
            }
            lock.notifyAll();
        }
        if (allowed) {
            touch();
        }
    }

    /** This configuration is in use: its entries are not removed as unused (called on the agent's thread). */
    private void touch() {
        try {
            Path d = trust > 0 ? dir() : null;
            if (d != null && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                Files.setLastModifiedTime(d, FileTime.fromMillis(System.currentTimeMillis()));
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private void writeAll() {
        try {
            while (true) {
                byte[][] entry;
                synchronized (lock) {
                    while (mayWrite == null) {
                        lock.wait(); // the state is known after start-delay; a daemon waiting costs nothing
                    }
                    entry = Boolean.TRUE.equals(mayWrite) ? pending.poll() : null;
                    if (entry == null) {
                        pending.clear();
                        writing = false;
                        return;
                    }
                }
                write(entry);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            AgentLog.debug("the class cache in " + root + " is not written (" + e + "); later starts weave afresh");
            synchronized (lock) {
                trust = -1;
                pending.clear();
                writing = false;
            }
        }
    }

    private void write(byte[][] entry) throws IOException {
        if (!usable(true)) {
            throw new IOException("not this user's directory alone");
        }
        Path d = dir();
        if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
            createPrivate(d);
        }
        if (!cleaned) {
            cleaned = true;
            removeUnused(d);
        }
        Path target = d.resolve(new String(entry[0], StandardCharsets.UTF_8));
        Path tmp = Files.createTempFile(d, ".write-", ".tmp"); // 0600 on POSIX
        try {
            Files.write(tmp, entry[1]);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Entries of other configurations (another agent build, other options) that no start used for a while. */
    private void removeUnused(Path mine) {
        long limit = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(UNUSED_DAYS);
        try (DirectoryStream<Path> others = Files.newDirectoryStream(root)) {
            for (Path other : others) {
                if (other.equals(mine) || !Files.isDirectory(other, LinkOption.NOFOLLOW_LINKS)
                        || Files.getLastModifiedTime(other).toMillis() > limit) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(other)) {
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(other);
            }
            Files.setLastModifiedTime(mine, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /**
     * Whether the cache may be used: its directory is this user's, not a link, and nobody else may
     * write there. Missing is fine (nothing to read); with {@code create}, it is made (0700).
     */
    private boolean usable(boolean create) throws IOException {
        int t = trust;
        if (t != 0) {
            return t > 0;
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            if (!create) {
                return false; // nothing to read yet; looked at again when writing
            }
            Files.createDirectories(root.toAbsolutePath().getParent());
            try {
                createPrivate(root);
            } catch (UnsupportedOperationException e) {
                trust = -1; // no POSIX permissions to check here: not used
                return false;
            }
        }
        boolean ok = trusted(root);
        if (!ok) {
            AgentLog.warn("the class cache " + root + " is not a directory of this user's alone (a link, another owner,"
                    + " or writable by others); it is not used");
        }
        trust = ok ? 1 : -1;
        return ok;
    }

    /** A directory only this user may enter (0700); one another JVM made first is fine (it is checked like any). */
    private static void createPrivate(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // another JVM made it first
        }
    }

    static boolean trusted(Path dir) {
        try {
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> p = a.permissions();
            return a.isDirectory() && !p.contains(PosixFilePermission.GROUP_WRITE) && !p.contains(PosixFilePermission.OTHERS_WRITE)
                    && a.owner().getName().equals(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return false; // no POSIX attributes (e.g. Windows): not used
        }
    }

    private Path dir() {
        Path d = dir;
        if (d == null) {
            d = root.resolve(hex(crc(key().getBytes(StandardCharsets.UTF_8))));
            dir = d;
        }
        return d;
    }

    /** The agent build, the classes woven in, and the hooks: an entry of any other configuration never matches. */
    String key() {
        String k = key;
        if (k == null) {
            CRC32C woven = new CRC32C();
            String[] resources = new String[WOVEN_WITH.length];
            for (int i = 0; i < resources.length; i++) {
                resources[i] = "/" + WOVEN_WITH[i].replace('.', '/') + ".class";
            }
            try {
                for (byte[] b : AgentJar.readAll(resources)) { // one opening of the jar: this runs as a hooked class loads
                    if (b != null) {
                        woven.update(b);
                    } else {
                        woven.update(0);
                    }
                }
                long weaving = WeaveLoader.fingerprint();
                for (int shift = 56; shift >= 0; shift -= 8) {
                    woven.update((int) (weaving >>> shift));
                }
            } catch (IOException e) {
                woven.update(1);
            }
            k = "telemetry-agent " + AgentVersion.get() + " build " + AgentVersion.build() + " woven " + Long.toHexString(woven.getValue())
                    + "\n" + hooks;
            key = k;
        }
        return k;
    }

    private String classKey(List<HookTable.Entry> applied) {
        StringBuilder b = new StringBuilder(key()).append("applied");
        for (HookTable.Entry e : applied) {
            b.append(' ').append(e.site);
        }
        return b.toString();
    }

    static String fileName(String internalName, String classKey, byte[] original) {
        return hex(crc((internalName + '\n' + classKey).getBytes(StandardCharsets.UTF_8))) + hex(crc(original)) + ".class";
    }

    static byte[] encode(String classKey, byte[] original, Woven woven) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(original.length * 2 + 256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        block(out, classKey.getBytes(StandardCharsets.UTF_8));
        block(out, original);
        block(out, woven.bytes);
        out.writeInt(woven.methods.length);
        for (int i = 0; i < woven.methods.length; i++) {
            out.writeInt(woven.methods[i]);
            block(out, woven.problems[i] == null ? null : woven.problems[i].getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        out.writeLong(crc(bytes.toByteArray()));
        return bytes.toByteArray();
    }

    /** The entry, if it is whole and is for exactly this class file and these hooks; else null. */
    static Woven decode(byte[] data, String classKey, byte[] original, int hookCount) {
        try {
            return decodeChecked(data, classKey, original, hookCount);
        } catch (RuntimeException e) {
            return null; // a length or count that does not fit: not an entry of ours
        }
    }

    private static Woven decodeChecked(byte[] data, String classKey, byte[] original, int hookCount) {
        if (data.length < 12 || ByteBuffer.wrap(data, data.length - 8, 8).getLong() != crc(Arrays.copyOf(data, data.length - 8))) {
            return null; // truncated or damaged
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, data.length - 8);
        if (in.getInt() != MAGIC || !Arrays.equals(block(in), classKey.getBytes(StandardCharsets.UTF_8))
                || !Arrays.equals(block(in), original)) {
            return null; // another configuration, or the class changed
        }
        byte[] woven = block(in);
        int n = in.getInt();
        if (n != hookCount || (woven != null && (woven.length < 4 || ByteBuffer.wrap(woven).getInt() != 0xCAFEBABE))) {
            return null;
        }
        int[] methods = new int[n];
        String[] problems = new String[n];
        for (int i = 0; i < n; i++) {
            methods[i] = in.getInt();
            byte[] p = block(in);
            problems[i] = p == null ? null : new String(p, StandardCharsets.UTF_8);
        }
        return in.hasRemaining() ? null : new Woven(woven, methods, problems);
    }

    private static void block(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] block(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        if (n > in.remaining()) {
            throw new IllegalArgumentException("a length past the end"); // a miss, before allocating anything
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    static long crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, b.length);
        return c.getValue();
    }

    private static String hex(long v) {
        String h = Long.toHexString(v);
        return "00000000".substring(Math.min(8, h.length())) + h;
    }
}
