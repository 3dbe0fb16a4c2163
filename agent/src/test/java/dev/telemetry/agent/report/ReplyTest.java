package dev.telemetry.agent.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyTest {
    private static Reply parse(String s) throws IOException {
        return Reply.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheThreeFieldsAndIgnoresOthers() throws Exception {
        Reply r = parse("{\"x\":{\"y\":[1,2]},\"latest_version\":\"1.2.3\",\"update_info\":\"see\\nnotes\",\"update_available\":true,\"z\":null}");
        assertThat(r.latestVersion).isEqualTo("1.2.3");
        assertThat(r.updateInfo).isEqualTo("see notes"); // one printable line
        assertThat(r.updateAvailable).isTrue();
        assertThat(parse("").updateAvailable).isFalse();
        assertThat(parse("{}").latestVersion).isNull();
    }

    @Test
    void anythingButOneObjectIsAFailure() {
        for (String bad : new String[]{"<html>", "[]", "{\"a\":1", "{} {}", "\"text\"", "{\"a\":}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void versionNoticeLines() {
        VersionNotice n = new VersionNotice(() -> "1.0.0");
        assertThat(n.line()).isNull();
        n.update(new Reply("2.0.0", null, true, false));
        assertThat(n.line()).isEqualTo("A new version is available! The latest version: 2.0.0. The current version: 1.0.0.");
        n.update(new Reply("2.0.0", "Upgrade now: https://example.com/notes", false, false));
        assertThat(n.line()).isEqualTo("Upgrade now: https://example.com/notes");
        n.clear();
        assertThat(n.line()).isNull();
        assertThat(n.latestVersion()).isEmpty();
    }

    @Test
    void readsSecurityUpdate() throws Exception {
        assertThat(parse("{\"latest_version\":\"2.0.0\",\"update_available\":true,\"security_update\":true}").securityUpdate).isTrue();
        assertThat(parse("{\"latest_version\":\"2.0.0\",\"update_available\":true}").securityUpdate).isFalse();
        assertThat(parse("{\"security_update\":\"yes\"}").securityUpdate).isFalse(); // only a JSON boolean counts
    }

    @Test
    void aSecurityUpdateIsToldAsSuchAtTheHigherSeverity() {
        VersionNotice n = new VersionNotice(() -> "1.0.0");
        n.update(new Reply("2.0.0", null, true, false));
        assertThat(n.notice().kind()).isEqualTo(Notice.Kind.UPDATE_AVAILABLE);
        assertThat(n.notice().severity()).isEqualTo(Notice.Severity.WARNING);
        n.update(new Reply("2.0.0", null, true, true));
        assertThat(n.line()).isEqualTo("A security update is available! The latest version: 2.0.0. The current version: 1.0.0.");
        assertThat(n.notice().kind()).isEqualTo(Notice.Kind.SECURITY_UPDATE);
        assertThat(n.notice().severity()).isEqualTo(Notice.Severity.ERROR);
        n.update(new Reply("2.0.0", "Release notes: https://example.com/2.0.0", true, true));
        assertThat(n.line()).isEqualTo("A security update is available! The latest version: 2.0.0. The current version: 1.0.0."
                + " Release notes: https://example.com/2.0.0");
        n.update(new Reply("2.0.0", "A security update is available: 2.0.0.", true, true));
        assertThat(n.line()).isEqualTo("A security update is available: 2.0.0."); // the service's own words when it says so
    }
}
