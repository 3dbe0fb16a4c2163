package dev.telemetry.beacon.releases;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.beacon.releases.Releases.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasesFileTest {

    @TempDir Path dir;

    private static String releasesJson(String latest) {
        return "{\"applications\": {\"test-app\": {\"latest_version\": \"" + latest
                + "\", \"release_notes\": \"https://example.com/" + latest + "\"}}}";
    }

    /** Writes {@code content} and sets the modification time explicitly (no clock granularity). */
    private static void write(Path file, String content, long mtimeSeconds) throws IOException {
        Files.writeString(file, content, UTF_8);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + mtimeSeconds * 1000));
    }

    @Test
    void reloadsOnChange() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);

        assertThat(rf.current().answer("test-app", "1.0.0").updateAvailable()).isFalse();
        assertThat(rf.current().answer("test-app", "1.0.0").latestVersion()).isEqualTo("1.0.0");

        write(file, releasesJson("1.1.0"), 10); // same size, different time
        Answer a = rf.current().answer("test-app", "1.0.0");
        assertThat(a.latestVersion()).isEqualTo("1.1.0");
        assertThat(a.updateAvailable()).isTrue();
        assertThat(a.updateInfo())
                .isEqualTo("A new version is available: 1.1.0. Release notes: https://example.com/1.1.0");
        assertThat(rf.lastError()).isEmpty();
    }

    @Test
    void reloadsWhenOnlyTheSizeChanged() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.0.0");

        write(file, releasesJson("1.0.10"), 0); // same mtime, different size
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.0.10");
    }

    @Test
    void keepsTheSameInstanceWhileUnchanged() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);
        Releases first = rf.current();
        assertThat(rf.current()).isSameAs(first);
    }

    @Test
    void malformedContentKeepsThePreviousReleasesAndReportsTheError() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);
        Releases good = rf.current();
        assertThat(rf.lastError()).isEmpty();

        write(file, "{\"applications\": {\"test-app\": ", 10);
        assertThat(rf.current()).isSameAs(good);
        assertThat(rf.lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains(file.toString(), "malformed releases file", "keeping the previous releases"));
        String error = rf.lastError().orElseThrow();
        assertThat(rf.current()).isSameAs(good);
        assertThat(rf.lastError()).contains(error); // unchanged file: same error, log it once

        write(file, releasesJson("2.0.0"), 20); // fixed
        assertThat(rf.current().answer("test-app", "1.0.0").latestVersion()).isEqualTo("2.0.0");
        assertThat(rf.lastError()).isEmpty();
    }

    @Test
    void malformedFromTheStartIsEmpty() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, "nope", 0);
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);
        assertThat(rf.current().applications()).isEmpty();
        assertThat(rf.lastError()).isPresent();
    }

    @Test
    void missingFileIsEmpty() throws IOException {
        Path file = dir.resolve("absent.json");
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);
        assertThat(rf.current().answer("test-app", "0.1.0")).isEqualTo(Answer.NONE);
        assertThat(rf.lastError()).isEmpty();

        write(file, releasesJson("1.0.0"), 0); // appears
        assertThat(rf.current().answer("test-app", "0.1.0").updateAvailable()).isTrue();

        Files.delete(file); // disappears
        assertThat(rf.current().answer("test-app", "0.1.0")).isEqualTo(Answer.NONE);
        assertThat(rf.lastError()).isEmpty();
    }

    @Test
    void checksAtMostOncePerInterval() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        AtomicLong nanos = new AtomicLong(42);
        ReleasesFile rf = new ReleasesFile(file, Duration.ofSeconds(1), nanos::get);
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.0.0");

        write(file, releasesJson("1.1.0"), 10);
        nanos.addAndGet(999_000_000L); // 0.999 s later: not looked at yet
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.0.0");
        nanos.addAndGet(1_000_000L); // 1 s after the first check
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.1.0");
    }

    @Test
    void defaultIntervalReadsOnFirstUse() throws IOException {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        ReleasesFile rf = new ReleasesFile(file);
        assertThat(rf.file()).isEqualTo(file);
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.0.0");
    }

    @Test
    void concurrentReadersSeeAConsistentValue() throws Exception {
        Path file = dir.resolve("releases.json");
        write(file, releasesJson("1.0.0"), 0);
        ReleasesFile rf = new ReleasesFile(file, Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < 500; i++) {
                        String latest = rf.current().answer("test-app", "0.0.1").latestVersion();
                        if (!latest.equals("1.0.0") && !latest.equals("1.1.0")) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Boolean> task : tasks) {
                results.add(pool.submit(task));
            }
            write(file, releasesJson("1.1.0"), 10);
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(rf.current().answer("test-app", "").latestVersion()).isEqualTo("1.1.0");
    }
}
