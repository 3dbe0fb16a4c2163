package dev.telemetry.beacon.releases;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.beacon.releases.Releases.Answer;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReleasesTest {

    private static final String JSON = """
            {
                "comment": "unknown fields are ignored",
                "applications": {
                    "test-app": {"latest_version": "1.0.0", "release_notes": "https://example.com/test-app/1.0.0",
                                              "extra": [1, 2]},
                    "mydb": {"latest_version": "2.3.0-rc.1", "release_notes": ""},
                    "no-notes": {"latest_version": "v3.0"},
                    "broken": {"latest_version": "not-a-version", "release_notes": "https://example.com"},
                    "missing": {"release_notes": "https://example.com"}
                }
            }
            """;

    private static Releases releases() throws IOException {
        return Releases.parse(JSON.getBytes(UTF_8));
    }

    @Test
    void updateAvailableWithReleaseNotes() throws IOException {
        Answer a = releases().answer("test-app", "0.9.0");
        assertThat(a).isEqualTo(new Answer("1.0.0",
                "A new version is available: 1.0.0. Release notes: https://example.com/test-app/1.0.0",
                true));
    }

    @Test
    void upToDate() throws IOException {
        assertThat(releases().answer("test-app", "1.0.0")).isEqualTo(new Answer("1.0.0", "", false));
        assertThat(releases().answer("test-app", "v1.0+build.1"))
                .isEqualTo(new Answer("1.0.0", "", false));
    }

    @Test
    void newerThanLatestIsNoUpdate() throws IOException {
        assertThat(releases().answer("test-app", "1.0.1")).isEqualTo(new Answer("1.0.0", "", false));
        assertThat(releases().answer("test-app", "2.0.0-SNAPSHOT"))
                .isEqualTo(new Answer("1.0.0", "", false));
    }

    @Test
    void preReleaseBelowRelease() throws IOException {
        Answer a = releases().answer("test-app", "1.0.0-rc.2");
        assertThat(a.updateAvailable()).isTrue();
        assertThat(a.latestVersion()).isEqualTo("1.0.0");
        assertThat(a.updateInfo()).contains("https://example.com/test-app/1.0.0");
    }

    @Test
    void preReleaseLatest() throws IOException {
        assertThat(releases().answer("mydb", "2.3.0-beta.4"))
                .isEqualTo(new Answer("2.3.0-rc.1", "", true)); // no release notes: no update_info
        assertThat(releases().answer("mydb", "2.3.0-rc.1")).isEqualTo(new Answer("2.3.0-rc.1", "", false));
        assertThat(releases().answer("mydb", "2.3.0")).isEqualTo(new Answer("2.3.0-rc.1", "", false));
    }

    @Test
    void latestVersionAsConfigured() throws IOException {
        assertThat(releases().answer("no-notes", "2.9.9")).isEqualTo(new Answer("v3.0", "", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown-app", "Test-App", "", "broken", "missing"})
    void unknownApplication(String app) throws IOException {
        assertThat(releases().answer(app, "0.1.0")).isEqualTo(new Answer("", "", false));
    }

    @Test
    void nullApplication() throws IOException {
        assertThat(releases().answer(null, "0.1.0")).isSameAs(Answer.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "garbage", "1.2.3.4", "latest", "-1"})
    void unknownOrUnparsableReportedVersion(String version) throws IOException {
        assertThat(releases().answer("test-app", version)).isEqualTo(new Answer("1.0.0", "", false));
    }

    @Test
    void nullReportedVersion() throws IOException {
        assertThat(releases().answer("test-app", null)).isEqualTo(new Answer("1.0.0", "", false));
    }

    @Test
    void skipsEntriesWithoutAUsableLatestVersion() throws IOException {
        Releases r = releases();
        assertThat(r.applications()).containsExactly("test-app", "mydb", "no-notes");
        assertThat(r.warnings()).hasSize(2);
        assertThat(r.warnings().get(0)).contains("broken", "not-a-version");
        assertThat(r.warnings().get(1)).contains("missing", "latest_version is missing");
        assertThat(r.release("mydb")).get().extracting(Releases.Release::latestVersion)
                .hasToString("2.3.0-rc.1");
    }

    @Test
    void empty() throws IOException {
        assertThat(Releases.empty().answer("test-app", "1.0.0")).isEqualTo(Answer.NONE);
        assertThat(Releases.empty().applications()).isEmpty();
        assertThat(Releases.parse("{}".getBytes(UTF_8)).applications()).isEmpty();
        assertThat(Releases.parse("{\"applications\": {}}".getBytes(UTF_8)).applications()).isEmpty();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                              | empty",
            "'   '                                           | empty",
            "not json                                        | malformed releases file",
            "{\"applications\": {                            | line 1",
            "[]                                              | top level",
            "{} {}                                           | malformed releases file",
            "{\"applications\": []}                          | \"applications\" must be an object",
            "{\"applications\": {\"a\": \"1.0\"}}            | applications.a must be an object",
            "{\"applications\": {\"a\": {\"latest_version\": \"1.0\", \"release_notes\": 3}}} | release_notes must be a string",
            "{\"applications\": {\"a\": {}, \"a\": {}}}      | Duplicate field",
    })
    void malformed(String json, String expectedMessagePart) {
        assertThatThrownBy(() -> Releases.parse(json.getBytes(UTF_8)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("malformed releases file")
                .hasMessageContaining(expectedMessagePart);
    }

    @Test
    void answerSerialisesToTheWireFormat() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new Answer("1.0.0", "info", true, true));
        assertThat(json).isEqualTo(
                "{\"latest_version\":\"1.0.0\",\"update_info\":\"info\",\"update_available\":true,\"security_update\":true}");
    }

    private static final String SECURITY = """
            {"applications": {
                "db": {"latest_version": "2.0.0", "release_notes": "https://example.com/db/2.0.0",
                       "security_releases": ["1.2.1", "2.1.0"]},
                "plain": {"latest_version": "1.0.0", "security_releases": ["1.0.0"]},
                "bad": {"latest_version": "1.0.0", "security_releases": ["soon"]}
            }}
            """;

    @Test
    void belowASecurityReleaseIsASecurityUpdate() throws IOException {
        Releases r = Releases.parse(SECURITY.getBytes(UTF_8));
        assertThat(r.answer("db", "1.2.0")).isEqualTo(new Answer("2.0.0",
                "A security update is available: 2.0.0. Release notes: https://example.com/db/2.0.0", true, true));
        assertThat(r.answer("plain", "0.9.0")).isEqualTo(new Answer("1.0.0", "A security update is available: 1.0.0.", true, true));
    }

    @Test
    void aboveEverySecurityReleaseIsAnOrdinaryUpdate() throws IOException {
        Releases r = Releases.parse(SECURITY.getBytes(UTF_8));
        // 2.1.0 is listed but is not released yet (above the latest): it does not count
        assertThat(r.answer("db", "1.2.1")).isEqualTo(new Answer("2.0.0",
                "A new version is available: 2.0.0. Release notes: https://example.com/db/2.0.0", true, false));
        assertThat(r.answer("db", "2.0.0")).isEqualTo(new Answer("2.0.0", "", false, false));
    }

    @Test
    void aSecurityReleaseThatDoesNotParseSkipsTheEntry() throws IOException {
        Releases r = Releases.parse(SECURITY.getBytes(UTF_8));
        assertThat(r.answer("bad", "0.1.0")).isEqualTo(Answer.NONE);
        assertThat(r.warnings()).singleElement().asString().contains("applications.bad skipped: security_releases \"soon\"");
        assertThatThrownBy(() -> Releases.parse("{\"applications\": {\"a\": {\"latest_version\": \"1.0\", \"security_releases\": \"1.0\"}}}"
                .getBytes(UTF_8))).isInstanceOf(IOException.class).hasMessageContaining("security_releases must be an array");
    }
}
