package dev.telemetry.beacon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telemetry.beacon.releases.Releases;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/beacon.md's options table is the list in BeaconOptions: same names, same order, same defaults. */
class BeaconDocsTest {
    @Test
    void optionsTableMatchesTheCode() throws Exception {
        String doc = Files.readString(Path.of("../docs/beacon.md"));
        Matcher m = Pattern.compile("(?m)^\\| `--([a-z-]+)` \\|\\s*`?([^`|]*?)`?\\s*\\|").matcher(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2).trim());
        }
        Map<String, String> code = new LinkedHashMap<>(BeaconOptions.defaults());
        assertThat(documented).containsExactlyEntriesOf(code);
    }

    /** The first-column names of the table after {@code marker}. */
    static List<String> tableKeys(String doc, String marker) {
        List<String> keys = new ArrayList<>();
        for (String line : doc.substring(doc.indexOf(marker)).split("\n")) {
            if (line.startsWith("| `")) {
                keys.add(line.split("\\|")[1].trim().replace("`", ""));
            } else if (!keys.isEmpty() && !line.startsWith("|")) {
                break;
            }
        }
        return keys;
    }

    @Test
    void releasesFileSectionMatchesTheParser() throws Exception {
        String doc = Files.readString(Path.of("../docs/beacon.md"));
        assertThat(tableKeys(doc, "<!-- releases-fields")).containsExactlyElementsOf(Releases.ENTRY_FIELDS);
        String example = doc.substring(doc.indexOf("<!-- releases-example"));
        example = example.substring(example.indexOf("```json") + 7, example.indexOf("```", example.indexOf("```json") + 7));
        Releases releases = Releases.parse(example.getBytes(StandardCharsets.UTF_8));
        assertThat(releases.warnings()).isEmpty();
        assertThat(releases.answer("mydb", "2.2.0").securityUpdate()).isTrue();
        assertThat(releases.answer("mydb", "2.2.1").securityUpdate()).isFalse();
        assertThat(releases.answer("test-app", "0.9.0").updateAvailable()).isTrue();
    }

    @Test
    void replyFieldsInTheReportFormatAreTheAnswersFields() throws Exception {
        String doc = Files.readString(Path.of("../docs/report-format.md"));
        List<String> answerFields = new ArrayList<>();
        new ObjectMapper().readTree(new ObjectMapper().writeValueAsBytes(Releases.Answer.NONE)).fieldNames()
                .forEachRemaining(answerFields::add);
        assertThat(tableKeys(doc, "<!-- reply-fields")).containsExactlyElementsOf(answerFields);
        assertThat(doc).contains("{\"latest_version\": \"1.48.0\", \"update_info\": \"\", \"update_available\": true, \"security_update\": false}");
    }
}
