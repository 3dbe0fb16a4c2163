package dev.telemetry.agent.state;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The one owner of {@code state.json}: the installation UUID, the persisted choice and, with an
 * enable, the report schema version it was given for.
 * Writes go to a temporary file that is renamed over the old one, under a file lock, so two JVMs
 * sharing a directory never leave a broken file and agree on one UUID.
 */
public final class StateStore {
    public static final String FILE_NAME = "state.json";

    private static final JsonFactory JSON = new JsonFactory();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path dir;
    private final Path file;

    public StateStore(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /**
     * A saved choice: enabled or disabled (null: none), and for an enable the report schema version
     * it was given for. A file written before schema versions were recorded holds schema 1, the only
     * one there was.
     */
    public static final class Choice {
        public final TelemetryState state;
        public final int schema;

        public Choice(TelemetryState state, int schema) {
            this.state = state == TelemetryState.UNDECIDED ? null : state;
            this.schema = this.state == TelemetryState.ENABLED ? schema : 0;
        }

        static final Choice NONE = new Choice(null, 0);

        boolean sameAs(Choice o) {
            return state == o.state && schema == o.schema;
        }
    }

    /** What the file held, after repair: a valid UUID and the choice (null when undecided). */
    public static final class Stored {
        public final UUID uuid;
        public final TelemetryState choice;
        /** The schema version an enable was given for; 0 unless {@link #choice} is enabled. */
        public final int schema;
        public final List<String> warnings;
        public final boolean writable;

        Stored(UUID uuid, Choice choice, List<String> warnings, boolean writable) {
            this.uuid = uuid;
            this.choice = choice.state;
            this.schema = choice.schema;
            this.warnings = Collections.unmodifiableList(warnings);
            this.writable = writable;
        }
    }

    /**
     * Reads the file and, when {@code persist} is true, writes back the repaired content with the
     * choice that {@code decide} returns for what was read (a kept choice is returned as read).
     * Never throws: an unusable directory gives a warning and an in-memory state.
     */
    public Stored update(java.util.function.UnaryOperator<Choice> decide, boolean persist) {
        List<String> warnings = new ArrayList<>();
        if (!persist) {
            Read read = read(warnings);
            return new Stored(read.uuid, read.choice, warnings, false); // no UUID until the agent creates one
        }
        try {
            return underLock(() -> {
                Read read = read(warnings);
                UUID uuid = read.uuid != null ? read.uuid : UUID.randomUUID();
                Choice choice = decide.apply(read.choice);
                if (!uuid.equals(read.uuid) || !choice.sameAs(read.choice) || !read.clean) {
                    write(uuid, choice);
                }
                return new Stored(uuid, read.choice, warnings, true);
            });
        } catch (IOException | RuntimeException e) {
            warnings.add("cannot write the state file " + file + " (" + describe(e)
                    + "); the state is kept in memory for this run");
            Read read = read(new ArrayList<>());
            return new Stored(read.uuid != null ? read.uuid : UUID.randomUUID(), read.choice, warnings, false);
        }
    }

    /** Persists a choice made while running (by JMX or a client command). */
    public void save(UUID uuid, Choice choice) throws IOException {
        underLock(() -> {
            write(uuid, choice);
            return null;
        });
    }

    private interface LockedAction<T> {
        T run() throws IOException;
    }

    /**
     * Runs a read-modify-write of the file with the directory created, under the file lock that
     * orders JVMs sharing the directory and, since file locks are per process, a class lock that
     * orders threads within one.
     */
    private <T> T underLock(LockedAction<T> action) throws IOException {
        createDirectory();
        synchronized (StateStore.class) {
            try (FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        }
    }

    private static final class Read {
        UUID uuid;
        Choice choice = Choice.NONE;
        boolean clean = true;
    }

    private Read read(List<String> warnings) {
        Read r = new Read();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            r.clean = false; // first run: created below, nothing to warn about
            return r;
        } catch (IOException | RuntimeException e) {
            warnings.add("cannot read the state file " + file + " (" + describe(e) + "); it is recreated");
            r.clean = false;
            return r;
        }
        String problem = null;
        TelemetryState state = null;
        int schema = 1; // written before schema versions were recorded: schema 1
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("uuid".equals(name)) {
                    r.uuid = value == JsonToken.VALUE_STRING ? parseUuid(p.getText()) : null;
                    if (r.uuid == null) {
                        problem = "an invalid UUID";
                    }
                } else if ("telemetry".equals(name)) {
                    state = value == JsonToken.VALUE_STRING ? TelemetryState.fromWord(p.getText()) : null;
                    if (state == null || state == TelemetryState.UNDECIDED) {
                        state = null;
                        problem = "an invalid telemetry choice";
                    }
                } else if ("schema_version".equals(name)) {
                    schema = value == JsonToken.VALUE_NUMBER_INT && p.getIntValue() >= 1 ? p.getIntValue() : 0;
                    if (schema == 0) {
                        problem = "an invalid schema_version";
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("not a single JSON object");
            }
            if (r.uuid == null && problem == null) {
                problem = "no UUID";
            }
        } catch (IOException | RuntimeException e) {
            problem = "corrupt JSON";
        }
        if (schema == 0 && state == TelemetryState.ENABLED) {
            state = null; // an enable whose scope is unreadable decides nothing; a disable is kept
        }
        r.choice = new Choice(state, schema);
        if (problem != null) {
            r.clean = false;
            warnings.add("the state file " + file + " had " + problem + "; it is recreated"
                    + (r.uuid != null ? " keeping its UUID" : " with a new UUID"));
        }
        return r;
    }

    /** A version-4 UUID in its canonical lower-case form, else null. */
    static UUID parseUuid(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            if (uuid.version() == 4 && uuid.toString().equals(text.toLowerCase(Locale.ROOT))) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not a UUID
        }
        return null;
    }

    private void createDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
    }

    private void write(UUID uuid, Choice choice) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("uuid", uuid.toString());
            if (choice.state != null) {
                g.writeStringField("telemetry", choice.state.word());
            }
            if (choice.state == TelemetryState.ENABLED) {
                g.writeNumberField("schema_version", choice.schema);
            }
            g.writeEndObject();
        }
        out.write('\n');
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, FILE_NAME + ".", ".tmp", attrs);
        try {
            Files.write(tmp, out.toByteArray());
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }
}
