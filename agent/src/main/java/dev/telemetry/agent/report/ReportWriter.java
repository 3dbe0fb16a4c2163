package dev.telemetry.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one serialiser of the report (docs/report-format.md). Always under {@link #MAX_BYTES}. */
public final class ReportWriter {
    public static final int SCHEMA_VERSION = 1;
    public static final int MAX_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private ReportWriter() {}

    public static byte[] write(ReportInput in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema_version", SCHEMA_VERSION);
            g.writeStringField("uuid", in.uuid);
            g.writeStringField("run_id", in.runId);
            g.writeNumberField("sequence", in.sequence);
            g.writeObjectFieldStart("app");
            g.writeStringField("name", in.appName);
            g.writeStringField("version", in.appVersion);
            g.writeStringField("backend", in.backend);
            g.writeStringField("installation_type", in.installationType);
            g.writeArrayFieldStart("build_tags");
            for (String t : in.buildTags) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart("agent");
            g.writeStringField("version", in.agentVersion);
            g.writeStringField("profile", in.profile);
            g.writeEndObject();
            g.writeObjectFieldStart("runtime");
            g.writeStringField("java_version", in.javaVersion);
            g.writeStringField("java_vendor", in.javaVendor);
            g.writeStringField("os", in.os);
            g.writeStringField("arch", in.arch);
            g.writeEndObject();
            g.writeNumberField("uptime_s", in.uptimeSeconds);
            g.writeStringField("telemetry", in.telemetry);
            MetricsJson.write(g, in.metrics, out::size, MAX_BYTES);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
