package dev.telemetry.agent.instrument;

import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.Hook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One situation per test: when an entry is used, and every reason it is not. */
class ClassCacheTest {
    private static final DispatchSite SITE = (command, nanos, thrown, returned) -> { };
    private static final List<HookTable.Entry> HOOKS = List.of(new HookTable.Entry(new Hook("x.Server", "handle", 0, 1, SITE), 0, null));
    private static final byte[] ORIGINAL = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 55, 1, 2, 3};
    private static final byte[] WOVEN = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 55, 9, 9, 9, 9};

    @TempDir
    Path state;

    private ClassCache cache(String hooks) {
        return new ClassCache(state.resolve("classes"), hooks);
    }

    /** Stores one woven class with writes allowed, and waits for the agent's thread to write it. */
    private ClassCache stored() throws Exception {
        ClassCache c = cache("0 ARGUMENT EXACT x.Server#handle\n");
        c.allowWrites(true);
        c.store("x/Server", ORIGINAL, HOOKS, new Woven(WOVEN, new int[]{2}, new String[]{null}));
        long until = System.nanoTime() + 10_000_000_000L;
        while (entries().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(entries()).hasSize(1);
        return c;
    }

    private List<Path> entries() throws Exception {
        if (!Files.exists(state.resolve("classes"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(state.resolve("classes"))) {
            return s.filter(p -> p.toString().endsWith(".class")).toList();
        }
    }

    @Test
    void theSameBytesAndHooksGiveTheWovenClassBack() throws Exception {
        stored();
        Woven w = cache("0 ARGUMENT EXACT x.Server#handle\n").find("x/Server", ORIGINAL.clone(), HOOKS);
        assertThat(w).isNotNull();
        assertThat(w.bytes).isEqualTo(WOVEN);
        assertThat(w.methods).containsExactly(2);
    }

    @Test
    void aChangedClassIsAMiss() throws Exception {
        ClassCache c = stored();
        byte[] changed = ORIGINAL.clone();
        changed[changed.length - 1] = 4;
        assertThat(c.find("x/Server", changed, HOOKS)).isNull();
        // same length and checksum-independent: the entry is compared in full, not by digest
        String key = c.key() + "applied 0";
        byte[] entry = ClassCache.encode(key, ORIGINAL, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        assertThat(ClassCache.decode(entry, key, changed, 1)).isNull();
        assertThat(ClassCache.decode(entry, key, ORIGINAL, 1)).isNotNull();
    }

    @Test
    void otherHooksAreAMiss() throws Exception {
        stored();
        assertThat(cache("0 ARGUMENT EXACT x.Server#handle*\n").find("x/Server", ORIGINAL, HOOKS)).isNull();
    }

    @Test
    void anEntryOfAnotherAgentBuildIsAMiss() throws Exception {
        String key = cache("h").key() + "applied 0";
        byte[] entry = ClassCache.encode(key.replace("build ", "build 1"), ORIGINAL, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        assertThat(ClassCache.decode(entry, key, ORIGINAL, 1)).isNull();
        assertThat(key).contains("telemetry-agent ").contains(" build ").contains(" woven ");
    }

    @Test
    void aTruncatedEntryIsAMiss() throws Exception {
        ClassCache c = stored();
        Path e = entries().get(0);
        byte[] b = Files.readAllBytes(e);
        Files.write(e, Arrays.copyOf(b, b.length - 3));
        assertThat(c.find("x/Server", ORIGINAL, HOOKS)).isNull();
    }

    @Test
    void aDamagedEntryIsAMiss() throws Exception {
        ClassCache c = stored();
        Path e = entries().get(0);
        byte[] b = Files.readAllBytes(e);
        b[b.length / 2] ^= 1; // inside the class's bytes; the checksum no longer matches
        Files.write(e, b);
        assertThat(c.find("x/Server", ORIGINAL, HOOKS)).isNull();
    }

    @Test
    void aDirectoryOthersCanWriteIsNotUsed() throws Exception {
        stored();
        Files.setPosixFilePermissions(state.resolve("classes"), PosixFilePermissions.fromString("rwxrwx---"));
        assertThat(cache("0 ARGUMENT EXACT x.Server#handle\n").find("x/Server", ORIGINAL, HOOKS)).isNull();
    }

    @Test
    void aLinkedDirectoryIsNotUsed() throws Exception {
        stored();
        Path real = Files.move(state.resolve("classes"), state.resolve("elsewhere"));
        Files.createSymbolicLink(state.resolve("classes"), real);
        assertThat(cache("0 ARGUMENT EXACT x.Server#handle\n").find("x/Server", ORIGINAL, HOOKS)).isNull();
    }

    @Test
    void aDirectoryOfAnotherUserIsNotUsed() throws Exception {
        stored();
        UserPrincipal nobody;
        try {
            nobody = state.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(state.resolve("classes"), nobody); // only root may give a directory away
        } catch (Exception e) {
            assumeTrue(false, "cannot give the directory to another user here: " + e);
            return;
        }
        assertThat(cache("0 ARGUMENT EXACT x.Server#handle\n").find("x/Server", ORIGINAL, HOOKS)).isNull();
    }

    /** Waits (bounded) until the agent's writer thread has nothing left to write or wait for. */
    private static void idle(ClassCache c) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (c.writing() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(c.writing()).as("the writer is done").isFalse();
    }

    @Test
    void offWritesNothing() throws Exception {
        ClassCache c = cache("h");
        c.store("x/Server", ORIGINAL, HOOKS, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        assertThat(c.writing()).as("waiting for the state").isTrue();
        c.allowWrites(false);
        idle(c);
        assertThat(state.resolve("classes")).doesNotExist();
    }

    @Test
    void turnedOffWhileRunningWritesNothingMore() throws Exception {
        ClassCache c = stored();
        c.allowWrites(false);
        c.store("x/Other", ORIGINAL, HOOKS, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        idle(c);
        assertThat(entries()).hasSize(1);
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenFailsNothingAndChangesNothing() throws Exception {
        Path file = Files.writeString(state.resolve("a-file"), "not a directory");
        ClassCache c = new ClassCache(file.resolve("classes"), "h");
        c.allowWrites(true);
        c.store("x/Server", ORIGINAL, HOOKS, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        idle(c); // the write was tried, failed, and the writer gave up without an exception reaching anyone
        assertThat(Files.readString(file)).isEqualTo("not a directory");
        c.store("x/Server", ORIGINAL, HOOKS, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        assertThat(c.writing()).as("no more tries once a write failed").isFalse();
    }

    @Test
    void aLengthPastTheEndIsAMissBeforeAnythingIsAllocated() throws Exception {
        String key = cache("h").key() + "applied 0";
        byte[] entry = ClassCache.encode(key, ORIGINAL, new Woven(WOVEN, new int[]{1}, new String[]{null}));
        java.nio.ByteBuffer.wrap(entry).putInt(4, Integer.MAX_VALUE); // the key's length, with a checksum to match
        java.nio.ByteBuffer.wrap(entry).putLong(entry.length - 8, ClassCache.crc(Arrays.copyOf(entry, entry.length - 8)));
        assertThat(ClassCache.decode(entry, key, ORIGINAL, 1)).isNull();
    }

    @Test
    void writersRacingNeverLeaveAPartialEntry() throws Exception {
        stored();
        Thread[] writers = new Thread[4];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = new Thread(() -> {
                ClassCache c = cache("0 ARGUMENT EXACT x.Server#handle\n");
                c.allowWrites(true);
                for (int n = 0; n < 50; n++) {
                    c.store("x/Server", ORIGINAL, HOOKS, new Woven(WOVEN, new int[]{2}, new String[]{null}));
                }
            });
            writers[i].start();
        }
        int misses = 0;
        for (int n = 0; n < 500; n++) {
            if (cache("0 ARGUMENT EXACT x.Server#handle\n").find("x/Server", ORIGINAL, HOOKS) == null) {
                misses++;
            }
        }
        for (Thread t : writers) {
            t.join(10_000);
        }
        assertThat(misses).isZero(); // a rename replaces the whole file: a reader sees the old entry or the new one
    }
}
