package dev.telemetry.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The telemetry service's answer: {@code {"latest_version", "update_info", "update_available",
 * "security_update"}} (docs/report-format.md, "The reply").
 */
public final class Reply {
    public static final int MAX_BYTES = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    public final String latestVersion;
    public final String updateInfo;
    public final boolean updateAvailable;
    public final boolean securityUpdate;

    /** The fields read from a reply, in the documented order. */
    public static final java.util.List<String> FIELDS = java.util.Arrays.asList(
            "latest_version", "update_info", "update_available", "security_update");

    Reply(String latestVersion, String updateInfo, boolean updateAvailable, boolean securityUpdate) {
        this.latestVersion = latestVersion;
        this.updateInfo = updateInfo;
        this.updateAvailable = updateAvailable;
        this.securityUpdate = securityUpdate;
    }

    static final Reply EMPTY = new Reply(null, null, false, false);

    /** Unknown fields are ignored; anything but one JSON object (or an empty body) is an IOException. */
    public static Reply parse(byte[] body) throws IOException {
        if (body.length == 0) {
            return EMPTY;
        }
        String latest = null;
        String info = null;
        boolean available = false;
        boolean security = false;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the reply is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("latest_version".equals(name) && t == JsonToken.VALUE_STRING) {
                    latest = clean(p.getText());
                } else if ("update_info".equals(name) && t == JsonToken.VALUE_STRING) {
                    info = clean(p.getText());
                } else if ("update_available".equals(name) && (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)) {
                    available = t == JsonToken.VALUE_TRUE;
                } else if ("security_update".equals(name) && (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE)) {
                    security = t == JsonToken.VALUE_TRUE;
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("the reply is not a single JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("the reply is not valid JSON", e);
        }
        return new Reply(latest, info, available, security);
    }

    /** Text that reaches logs and clients: one line, printable, bounded. */
    private static String clean(String s) {
        String one = s.replaceAll("[\\p{Cntrl}]", " ").trim();
        return one.length() > 500 ? one.substring(0, 500) : one;
    }
}
