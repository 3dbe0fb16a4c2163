package dev.telemetry.agent.profile.mongo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/agent.md's surfaces table names every field the agent adds to serverStatus.freeMonitoring. */
class MongoSurfacesDocsTest {
    @Test
    void serverStatusFieldsAreDocumented() throws Exception {
        Path p = Paths.get("../docs/agent.md");
        String doc = Files.readString(Files.exists(p) ? p : Paths.get("docs/agent.md"));
        String row = doc.lines().filter(l -> l.startsWith("| `serverStatus` |")).findFirst().orElseThrow();
        for (String field : MongoSurfaces.FREE_MONITORING_FIELDS) {
            assertThat(row).as(field).contains("`" + field + "`");
        }
    }
}
