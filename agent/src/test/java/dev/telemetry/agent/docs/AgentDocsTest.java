package dev.telemetry.agent.docs;

import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.config.TelemetryChoice;
import dev.telemetry.agent.surface.TelemetryAgentMXBean;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/agent.md documents the options, value words, state file, notice ids and JMX attributes; this holds it to the code. */
class AgentDocsTest {
    /** A file of the repository, read from the agent module (Maven) or from the root (an IDE). */
    static String repoFile(String path) throws Exception {
        return Files.readString(repoPath(path));
    }

    static Path repoPath(String path) {
        Path p = Paths.get("..", path);
        return Files.exists(p) ? p : Paths.get(path);
    }

    private static String agentDoc() throws Exception {
        return repoFile("docs/agent.md");
    }

    /** The first-column cells of the table after {@code marker}, each with the rest of its row. */
    static Map<String, String[]> table(String doc, String marker) {
        assertThat(doc).as("the marker " + marker).contains(marker);
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
    void optionsTableListsEveryOptionWithItsDefault() throws Exception {
        Map<String, String[]> rows = table(agentDoc(), "<!-- options-table");
        assertThat(rows.keySet()).containsExactly(Arrays.stream(Option.values()).map(Option::key).toArray(String[]::new));
        for (Option o : Option.values()) {
            String documented = rows.get(o.key())[2].trim();
            if (o.defaultValue().isEmpty()) {
                assertThat(documented).as(o.key()).startsWith("(");
            } else {
                assertThat(documented).as(o.key()).isEqualTo("`" + o.defaultValue() + "`");
            }
        }
    }

    @Test
    void noticeIdsAndSeveritiesAreDocumented() throws Exception {
        Map<String, String[]> rows = table(agentDoc(), "<!-- notice-ids");
        assertThat(rows.keySet()).containsExactly(Arrays.stream(dev.telemetry.agent.report.Notice.Kind.values())
                .map(k -> Integer.toString(k.id)).toArray(String[]::new));
        for (dev.telemetry.agent.report.Notice.Kind k : dev.telemetry.agent.report.Notice.Kind.values()) {
            assertThat(rows.get(Integer.toString(k.id))[2].trim()).as(k.name()).isEqualTo("`" + k.severity.letter + "`");
        }
    }

    @Test
    void theReplyFieldsTheAgentReadsAreDocumented() throws Exception {
        assertThat(table(repoFile("docs/report-format.md"), "<!-- reply-fields").keySet())
                .containsExactlyElementsOf(dev.telemetry.agent.report.Reply.FIELDS);
    }

    @Test
    void theStateFileExampleIsWhatTheStoreWrites() throws Exception {
        assertThat(agentDoc()).contains("  \"telemetry\" : \"enabled\",\n  \"schema_version\" : "
                + dev.telemetry.agent.report.ReportWriter.SCHEMA_VERSION + "\n}");
    }

    @Test
    void valueWordsAreDocumented() throws Exception {
        String doc = agentDoc();
        assertThat(doc).contains("| enable | `" + String.join(" ", TelemetryChoice.ENABLE_WORDS) + "` |");
        assertThat(doc).contains("| disable | `" + String.join(" ", TelemetryChoice.DISABLE_WORDS) + "` |");
    }

    @Test
    void everyJmxAttributeAndOperationIsDocumented() throws Exception {
        String doc = agentDoc();
        String section = doc.substring(doc.indexOf("## JMX and the CLI"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        for (Method m : TelemetryAgentMXBean.class.getMethods()) {
            String name = m.getName();
            String documented = name.startsWith("get") ? name.substring(3)
                    : name.startsWith("is") ? name.substring(2) : name;
            assertThat(section).as("docs/agent.md, JMX: " + name).contains("`" + documented + "`");
        }
    }
}
