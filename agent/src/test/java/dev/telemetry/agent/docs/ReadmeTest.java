package dev.telemetry.agent.docs;

import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.config.TelemetryChoice;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md documents the options and value words; this holds it to the code. */
class ReadmeTest {
    private static String readme() throws Exception {
        Path p = Paths.get("../README.md");
        return Files.readString(Files.exists(p) ? p : Paths.get("README.md"));
    }

    /** key -> default column of the options table. */
    private static Map<String, String> optionsTable(String readme) {
        Map<String, String> rows = new LinkedHashMap<>();
        String table = readme.substring(readme.indexOf("<!-- options-table"));
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.put(cells[1].trim().replace("`", ""), cells[2].trim());
            } else if (!rows.isEmpty() && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }

    @Test
    void optionsTableListsEveryOptionWithItsDefault() throws Exception {
        Map<String, String> rows = optionsTable(readme());
        assertThat(rows.keySet()).containsExactly(
                java.util.Arrays.stream(Option.values()).map(Option::key).toArray(String[]::new));
        for (Option o : Option.values()) {
            String documented = rows.get(o.key());
            if (o.defaultValue().isEmpty()) {
                assertThat(documented).as(o.key()).startsWith("(");
            } else {
                assertThat(documented).as(o.key()).isEqualTo("`" + o.defaultValue() + "`");
            }
        }
    }

    /** The first-column cells of the table after {@code marker}, each with the rest of its row. */
    private static Map<String, String[]> table(String doc, String marker) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : doc.substring(doc.indexOf(marker)).split("\n")) {
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.put(cells[1].trim().replace("`", ""), cells);
            } else if (!rows.isEmpty() && !line.startsWith("|")) {
                break;
            }
        }
        return rows;
    }

    @Test
    void noticeIdsAndSeveritiesAreDocumented() throws Exception {
        Map<String, String[]> rows = table(readme(), "<!-- notice-ids");
        assertThat(rows.keySet()).containsExactly(java.util.Arrays.stream(dev.telemetry.agent.report.Notice.Kind.values())
                .map(k -> Integer.toString(k.id)).toArray(String[]::new));
        for (dev.telemetry.agent.report.Notice.Kind k : dev.telemetry.agent.report.Notice.Kind.values()) {
            assertThat(rows.get(Integer.toString(k.id))[2].trim()).as(k.name()).isEqualTo("`" + k.severity.letter + "`");
        }
    }

    @Test
    void theReplyFieldsTheAgentReadsAreDocumented() throws Exception {
        Path p = Paths.get("../docs/report-format.md");
        String doc = Files.readString(Files.exists(p) ? p : Paths.get("docs/report-format.md"));
        assertThat(table(doc, "<!-- reply-fields").keySet()).containsExactlyElementsOf(dev.telemetry.agent.report.Reply.FIELDS);
    }

    @Test
    void theStateFileExampleIsWhatTheStoreWrites() throws Exception {
        String readme = readme();
        assertThat(readme).contains("  \"telemetry\" : \"enabled\",\n  \"schema_version\" : "
                + dev.telemetry.agent.report.ReportWriter.SCHEMA_VERSION + "\n}");
    }

    @Test
    void valueWordsAreDocumented() throws Exception {
        String readme = readme();
        assertThat(readme).contains("| enable | `" + String.join(" ", TelemetryChoice.ENABLE_WORDS) + "` |");
        assertThat(readme).contains("| disable | `" + String.join(" ", TelemetryChoice.DISABLE_WORDS) + "` |");
    }
}
