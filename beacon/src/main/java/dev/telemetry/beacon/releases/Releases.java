package dev.telemetry.beacon.releases;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The releases file: the latest version (and release notes) of each application. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * {
 *   "applications": {
 *     "test-app": {"latest_version": "1.0.0", "release_notes": "https://example.com/test-app/1.0.0"},
 *     "mydb": {"latest_version": "2.3.0-rc.1", "release_notes": "", "security_releases": ["2.2.1"]}
 *   }
 * }
 * }</pre>
 *
 * <p>{@code security_releases} (optional) lists the versions that fix a security problem; a report
 * from below any of them (up to the latest) is told {@code security_update: true}. A version there
 * that does not parse skips the entry, as a bad {@code latest_version} does.
 *
 * <p>Unknown fields are ignored; {@code "applications"} may be absent (no applications);
 * {@code release_notes} may be absent or null (no notes). An entry whose {@code latest_version}
 * is missing, not a string or not a {@link Version} is skipped and described in {@link
 * #warnings()}. Application names are matched exactly (case-sensitive).
 */
public final class Releases {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Releases EMPTY = new Releases(Map.of(), List.of());

    /** The fields of an application's entry (docs/beacon.md, "The releases file"); others are ignored. */
    public static final List<String> ENTRY_FIELDS = List.of("latest_version", "release_notes", "security_releases");

    /**
     * The beacon's answer to a report. Serialised by Jackson as
     * {@code {"latest_version": "...", "update_info": "...", "update_available": true|false,
     * "security_update": true|false}}.
     *
     * @param latestVersion the application's latest version as configured, "" when the application
     *     is unknown
     * @param updateInfo a human-readable notice, "" when there is nothing to say
     * @param updateAvailable true when the reported version is known to be lower than the latest
     * @param securityUpdate true when, moreover, a security release lies above the reported version
     */
    @JsonPropertyOrder({"latest_version", "update_info", "update_available", "security_update"})
    public record Answer(
            @JsonProperty("latest_version") String latestVersion,
            @JsonProperty("update_info") String updateInfo,
            @JsonProperty("update_available") boolean updateAvailable,
            @JsonProperty("security_update") boolean securityUpdate) {

        /** The answer for an unknown application. */
        public static final Answer NONE = new Answer("", "", false);

        public Answer {
            Objects.requireNonNull(latestVersion, "latestVersion");
            Objects.requireNonNull(updateInfo, "updateInfo");
        }

        /** An answer that is not about a security release. */
        public Answer(String latestVersion, String updateInfo, boolean updateAvailable) {
            this(latestVersion, updateInfo, updateAvailable, false);
        }
    }

    /** One configured application. */
    public record Release(String latestVersionText, Version latestVersion, String releaseNotes,
                          List<Version> securityReleases) {
        public Release(String latestVersionText, Version latestVersion, String releaseNotes) {
            this(latestVersionText, latestVersion, releaseNotes, List.of());
        }
    }

    private final Map<String, Release> applications;
    private final List<String> warnings;

    private Releases(Map<String, Release> applications, List<String> warnings) {
        this.applications = applications;
        this.warnings = warnings;
    }

    /** No applications: every answer is {@link Answer#NONE}. */
    public static Releases empty() {
        return EMPTY;
    }

    /**
     * Parses the releases file's content.
     *
     * @throws IOException when the content is not JSON, or its structure is not the one above
     *     (root not an object, "applications" not an object, an entry not an object,
     *     "release_notes" not a string); the message says what and where
     */
    public static Releases parse(byte[] json) throws IOException {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IOException("malformed releases file: " + describe(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IOException("malformed releases file: it is empty");
        }
        if (!root.isObject()) {
            throw new IOException("malformed releases file: expected a JSON object at the top level, got "
                    + kind(root));
        }
        JsonNode apps = root.get("applications");
        if (apps == null || apps.isNull()) {
            return new Releases(Map.of(), List.of());
        }
        if (!apps.isObject()) {
            throw new IOException("malformed releases file: \"applications\" must be an object, got "
                    + kind(apps));
        }
        Map<String, Release> out = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : apps.properties()) {
            String name = e.getKey();
            JsonNode entry = e.getValue();
            if (!entry.isObject()) {
                throw new IOException("malformed releases file: applications." + name
                        + " must be an object, got " + kind(entry));
            }
            JsonNode notesNode = entry.get("release_notes");
            String notes = "";
            if (notesNode != null && !notesNode.isNull()) {
                if (!notesNode.isTextual()) {
                    throw new IOException("malformed releases file: applications." + name
                            + ".release_notes must be a string, got " + kind(notesNode));
                }
                notes = notesNode.textValue().strip();
            }
            JsonNode latestNode = entry.get("latest_version");
            if (latestNode == null || !latestNode.isTextual()) {
                warnings.add("applications." + name + " skipped: latest_version "
                        + (latestNode == null ? "is missing" : "must be a string, got " + kind(latestNode)));
                continue;
            }
            String latestText = latestNode.textValue().strip();
            Version latest = Version.parse(latestText);
            if (latest == null) {
                warnings.add("applications." + name + " skipped: latest_version \"" + latestText
                        + "\" is not a semantic version");
                continue;
            }
            JsonNode securityNode = entry.get("security_releases");
            List<Version> security = new ArrayList<>();
            String badSecurity = null;
            if (securityNode != null && !securityNode.isNull()) {
                if (!securityNode.isArray()) {
                    throw new IOException("malformed releases file: applications." + name
                            + ".security_releases must be an array, got " + kind(securityNode));
                }
                for (JsonNode v : securityNode) {
                    Version parsed = v.isTextual() ? Version.parse(v.textValue()) : null;
                    if (parsed == null) {
                        badSecurity = v.isTextual() ? "\"" + v.textValue().strip() + "\" is not a semantic version"
                                : "must be strings, got " + kind(v);
                        break;
                    }
                    security.add(parsed);
                }
            }
            if (badSecurity != null) {
                warnings.add("applications." + name + " skipped: security_releases " + badSecurity);
                continue;
            }
            out.put(name, new Release(latestText, latest, notes, List.copyOf(security)));
        }
        return new Releases(Collections.unmodifiableMap(out), List.copyOf(warnings));
    }

    private static String describe(JacksonException e) {
        String msg = e.getOriginalMessage();
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            msg += " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return msg;
    }

    private static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The answer to a report from {@code appName} at {@code appVersion}.
     *
     * <ul>
     *   <li>unknown application (or null name): {@link Answer#NONE};</li>
     *   <li>known application: {@code latestVersion} is the configured latest version;
     *       {@code updateAvailable} is true only when {@code appVersion} parses and is lower than
     *       it; {@code updateInfo} is "A new version is available: &lt;latest&gt;. Release notes:
     *       &lt;url&gt;" when an update is available and release notes are configured, "" otherwise;
     *       {@code securityUpdate} is true when an update is available and one of {@code
     *       security_releases} is above {@code appVersion} and at most the latest; the notice then
     *       reads "A security update is available: &lt;latest&gt;." (with the release notes when
     *       configured).
     *   </li>
     * </ul>
     */
    public Answer answer(String appName, String appVersion) {
        Release r = appName == null ? null : applications.get(appName);
        if (r == null) {
            return Answer.NONE;
        }
        Version reported = Version.parse(appVersion);
        boolean update = reported != null && reported.compareTo(r.latestVersion()) < 0;
        boolean security = update && r.securityReleases().stream()
                .anyMatch(s -> reported.compareTo(s) < 0 && s.compareTo(r.latestVersion()) <= 0);
        String notes = r.releaseNotes().isEmpty() ? "" : " Release notes: " + r.releaseNotes();
        String info;
        if (security) {
            info = "A security update is available: " + r.latestVersionText() + "." + notes;
        } else {
            info = update && !notes.isEmpty()
                    ? "A new version is available: " + r.latestVersionText() + "." + notes
                    : "";
        }
        return new Answer(r.latestVersionText(), info, update, security);
    }

    /** The configured release of {@code appName}, if any. */
    public Optional<Release> release(String appName) {
        return Optional.ofNullable(appName == null ? null : applications.get(appName));
    }

    /** The names of the configured applications, in file order. */
    public Set<String> applications() {
        return applications.keySet();
    }

    /** Why entries were skipped while parsing (empty when none were). */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "Releases" + applications;
    }
}
