package dev.telemetry.beacon.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A batch's rows for one table as one JSON array of objects named by column, which
 * {@link PostgresBatch}'s statement turns back into rows of that table ({@code json_populate_recordset}):
 * however many rows, one parameter. Dates and date-times go as ISO text, so that no time zone is
 * involved, as with {@link Database#utc}.
 */
final class JsonRows implements NamedValues {
    private static final JsonFactory JSON = new JsonFactory();

    private final StringWriter text = new StringWriter();
    private final JsonGenerator g;
    private boolean inRow;
    private int rows;

    JsonRows() {
        try {
            g = JSON.createGenerator(text);
            g.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonGenerator field(String name) throws IOException {
        if (!inRow) {
            g.writeStartObject();
            inRow = true;
        }
        g.writeFieldName(name);
        return g;
    }

    @Override
    public JsonRows set(String name, String v) {
        try {
            field(name).writeString(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public JsonRows set(String name, long v) {
        try {
            field(name).writeNumber(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public JsonRows setNullable(String name, Long v) {
        try {
            if (v == null) {
                field(name).writeNull();
            } else {
                field(name).writeNumber(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @Override
    public JsonRows setObject(String name, Object v) {
        if (v instanceof LocalDateTime || v instanceof LocalDate) {
            return set(name, v.toString());
        }
        throw new IllegalArgumentException("column " + name + ": no JSON form for " + (v == null ? "null" : v.getClass().getName()));
    }

    /** Ends a row. */
    void endRow() {
        try {
            if (!inRow) {
                g.writeStartObject();
            }
            g.writeEndObject();
            inRow = false;
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int rows() {
        return rows;
    }

    /** The array of rows. */
    String json() {
        try {
            g.writeEndArray();
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
