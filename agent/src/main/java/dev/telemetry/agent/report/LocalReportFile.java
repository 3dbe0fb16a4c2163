package dev.telemetry.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.telemetry.agent.log.AgentLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code telemetry.json} in the state directory: the last report and a note on what happened to it,
 * so a user can read exactly what is (or would be) sent. Never written while disabled.
 */
public final class LocalReportFile {
    public static final String FILE_NAME = "telemetry.json";
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private boolean warned;

    public LocalReportFile(Path dir) {
        this.file = dir == null ? null : dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** {@code {"note": "...", "report": {...}}}, written atomically. */
    public synchronized void write(String note, byte[] report) {
        if (file == null) {
            return;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(report.length + 256);
            try (JsonGenerator g = JSON.createGenerator(out); JsonParser p = JSON.createParser(report)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeStringField("note", note);
                g.writeFieldName("report");
                p.nextToken();
                g.copyCurrentStructure(p);
                g.writeEndObject();
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".tmp");
            try {
                Files.write(tmp, out.toByteArray());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                AgentLog.warn("cannot write " + file + " (" + e + ")");
            }
        }
    }

    /** Disabled means no report files: an earlier one is removed. */
    public synchronized void delete() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | RuntimeException e) {
                // nothing to do; it will be retried at the next change
            }
        }
    }
}
