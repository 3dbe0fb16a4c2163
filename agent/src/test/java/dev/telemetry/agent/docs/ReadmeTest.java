package dev.telemetry.agent.docs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md starts with the two commands a newcomer runs, and CI runs exactly the test command it
 * names. (The reference the README points to is held to the code by AgentDocsTest.)
 */
class ReadmeTest {
    static final String RUN = "mvn -q -B -DskipTests package && java -jar test-app/target/test-app.jar demo";
    static final String TEST = "mvn -B verify";

    /** The lines of the README's first code block. */
    private static List<String> firstCommands() throws Exception {
        String readme = AgentDocsTest.repoFile("README.md");
        int start = readme.indexOf("```sh\n") + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```", start)).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).collect(Collectors.toList());
    }

    @Test
    void theFirstCommandsAreTheDemoAndTheTests() throws Exception {
        assertThat(firstCommands()).containsExactly(RUN, TEST);
    }

    @Test
    void ciRunsExactlyTheReadmesTestCommand() throws Exception {
        List<String> run = AgentDocsTest.repoFile(".ci/run").lines().map(String::trim)
                .filter(l -> l.startsWith("mvn ")).collect(Collectors.toList());
        assertThat(run).containsExactly(TEST);
    }

    @Test
    void everyDocumentTheReadmePointsToExists() throws Exception {
        String readme = AgentDocsTest.repoFile("README.md");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]\\(((?:docs|benchmarks)/[^)#]+)").matcher(readme);
        int links = 0;
        while (m.find()) {
            assertThat(AgentDocsTest.repoPath(m.group(1))).as(m.group(1)).isRegularFile();
            links++;
        }
        assertThat(links).isGreaterThanOrEqualTo(6);
    }
}
