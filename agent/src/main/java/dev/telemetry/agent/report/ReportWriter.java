package dev.telemetry.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.telemetry.contract.ReportFields;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one serialiser of the report (docs/report-format.md). Always under {@link #MAX_BYTES}. */
public final class ReportWriter {
    public static final int SCHEMA_VERSION = ReportFields.CURRENT_SCHEMA;
    public static final int MAX_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private ReportWriter() {}

    public static byte[] write(ReportInput in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField(ReportFields.SCHEMA_VERSION, SCHEMA_VERSION);
            g.writeStringField(ReportFields.UUID, in.uuid);
            g.writeStringField(ReportFields.RUN_ID, in.runId);
            g.writeNumberField(ReportFields.SEQUENCE, in.sequence);
            g.writeObjectFieldStart(ReportFields.APP);
            g.writeStringField(ReportFields.App.NAME, in.appName);
            g.writeStringField(ReportFields.App.VERSION, in.appVersion);
            g.writeStringField(ReportFields.App.BACKEND, in.backend);
            g.writeStringField(ReportFields.App.INSTALLATION_TYPE, in.installationType);
            g.writeArrayFieldStart(ReportFields.App.BUILD_TAGS);
            for (String t : in.buildTags) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeObjectFieldStart(ReportFields.AGENT);
            g.writeStringField(ReportFields.Agent.VERSION, in.agentVersion);
            g.writeStringField(ReportFields.Agent.PROFILE, in.profile);
            g.writeEndObject();
            g.writeObjectFieldStart(ReportFields.RUNTIME);
            g.writeStringField(ReportFields.Runtime.JAVA_VERSION, in.javaVersion);
            g.writeStringField(ReportFields.Runtime.JAVA_VENDOR, in.javaVendor);
            g.writeStringField(ReportFields.Runtime.OS, in.os);
            g.writeStringField(ReportFields.Runtime.ARCH, in.arch);
            g.writeEndObject();
            g.writeNumberField(ReportFields.UPTIME_S, in.uptimeSeconds);
            g.writeStringField(ReportFields.TELEMETRY, in.telemetry);
            MetricsJson.write(g, in.metrics, out::size, MAX_BYTES);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
