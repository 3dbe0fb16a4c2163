package dev.telemetry.beacon.releases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A releases file that is re-read when it changes.
 *
 * <p>{@link #current()} looks at the file's attributes at most once per check interval (one
 * second by default); between checks it only reads a volatile field. The file is re-read when its
 * last-modified time, size or file key (inode, where the platform has one; catches an atomic
 * rename) changed since the last read. When the new content is malformed, or cannot be read, the
 * previous good releases are kept and {@link #lastError()} describes the problem. An absent file
 * means {@link Releases#empty()} (and is not an error). Thread-safe.
 */
public final class ReleasesFile {

    /** Default minimum time between two looks at the file. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** What identifies one state of the file on disk. */
    private record Stamp(FileTime lastModified, long size, Object fileKey) {}

    private final Path file;
    private final long checkIntervalNanos;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();

    private volatile Releases current = Releases.empty();
    private volatile String lastError; // null when the last read attempt succeeded
    private volatile boolean checkedOnce;
    private volatile long lastCheckNanos;

    // Guarded by lock.
    private Stamp lastStamp; // of the last read attempt; null when absent / never read

    public ReleasesFile(Path file) {
        this(file, DEFAULT_CHECK_INTERVAL);
    }

    /** Watches {@code file}, looking at it at most once per {@code checkInterval} (may be zero). */
    public ReleasesFile(Path file, Duration checkInterval) {
        this(file, checkInterval, System::nanoTime);
    }

    ReleasesFile(Path file, Duration checkInterval, LongSupplier nanoClock) {
        this.file = Objects.requireNonNull(file, "file");
        if (checkInterval.isNegative()) {
            throw new IllegalArgumentException("negative check interval: " + checkInterval);
        }
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    public Path file() {
        return file;
    }

    /**
     * The current releases: re-reads the file first when it is time to check and it changed.
     * Never throws; problems are reported by {@link #lastError()}.
     */
    public Releases current() {
        if (checkedOnce && nanoClock.getAsLong() - lastCheckNanos < checkIntervalNanos) {
            return current;
        }
        synchronized (lock) {
            long now = nanoClock.getAsLong();
            if (!checkedOnce || now - lastCheckNanos >= checkIntervalNanos) {
                refresh();
                lastCheckNanos = now;
                checkedOnce = true;
            }
            return current;
        }
    }

    /**
     * The problem with the latest read attempt, empty once a read succeeds or the file is absent.
     * The same message is returned (and equal) until the file changes again, so a caller can log
     * it when it differs from the one it logged last; the message includes the file's
     * last-modified time, so two different bad versions of the file give different messages.
     */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Guarded by lock. */
    private void refresh() {
        Stamp stamp;
        byte[] content;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
            if (stamp.equals(lastStamp)) {
                return;
            }
            // Attributes are taken before the content: if the file changes while it is read, the next
            // check sees a different stamp and reads it again.
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            absent();
            return;
        } catch (IOException e) {
            fail(null, "cannot read releases file " + file + ": " + e); // retried at the next check
            return;
        }
        try {
            current = Releases.parse(content);
            lastError = null;
            lastStamp = stamp;
        } catch (IOException e) {
            // Not re-read until it changes again.
            fail(stamp, "releases file " + file + " (modified " + stamp.lastModified() + ") ignored, "
                    + "keeping the previous releases: " + e.getMessage());
        }
    }

    private void absent() {
        current = Releases.empty();
        lastError = null;
        lastStamp = null;
    }

    private void fail(Stamp stamp, String message) {
        lastError = message;
        lastStamp = stamp;
    }

    @Override
    public String toString() {
        return "ReleasesFile[" + file + "]";
    }
}
