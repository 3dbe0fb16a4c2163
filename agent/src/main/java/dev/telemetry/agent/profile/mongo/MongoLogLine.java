package dev.telemetry.agent.profile.mongo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telemetry.agent.report.Notice;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A notice as a MongoDB structured log entry, the form MongoDB 4.4+ (and FerretDB) give
 * {@code getLog} lines and shells and GUIs parse: one JSON document with {@code t} (time),
 * {@code s} (severity), {@code c} (component), {@code id} (stable per kind of message),
 * {@code ctx} (context) and {@code msg}.
 */
final class MongoLogLine {
    static final String COMPONENT = "CONTROL";
    static final String CONTEXT = "telemetry";
    private static final JsonFactory JSON = new JsonFactory();
    /** MongoDB's own {@code $date} form: milliseconds and a numeric offset. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private MongoLogLine() {}

    static String startupWarning(Notice notice) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("t");
            g.writeStringField("$date", DATE.format(notice.at()));
            g.writeEndObject();
            g.writeStringField("s", notice.severity().letter);
            g.writeStringField("c", COMPONENT);
            g.writeNumberField("id", notice.kind().id);
            g.writeStringField("ctx", CONTEXT);
            g.writeStringField("msg", notice.text());
            g.writeArrayFieldStart("tags");
            g.writeString("startupWarnings");
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }
}
