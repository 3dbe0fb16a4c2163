package dev.telemetry.agent.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class StateStoreTest {
    @TempDir
    Path tmp;

    private StateStore.Stored open(Path dir) {
        return new StateStore(dir).update(persisted -> persisted, true);
    }

    @Test
    void uuidIsVersion4AndStableAcrossRuns() throws Exception {
        StateStore.Stored first = open(tmp);
        StateStore.Stored second = open(tmp);
        assertThat(first.uuid.version()).isEqualTo(4);
        assertThat(second.uuid).isEqualTo(first.uuid);
        assertThat(first.warnings).isEmpty();
        assertThat(second.warnings).isEmpty();
        assertThat(Files.readString(tmp.resolve("state.json"))).contains(first.uuid.toString());
    }

    @Test
    void fileIsOwnerOnly() throws Exception {
        open(tmp);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state.json")))).isEqualTo("rw-------");
    }

    @Test
    void corruptJsonIsRecreatedWithOneWarning() throws Exception {
        Files.writeString(tmp.resolve("state.json"), "{\"uuid\": \"3f0c");
        StateStore.Stored s = open(tmp);
        assertThat(s.warnings).singleElement().asString()
                .contains(tmp.resolve("state.json").toString()).contains("corrupt JSON");
        assertThat(open(tmp).warnings).isEmpty();
        assertThat(open(tmp).uuid).isEqualTo(s.uuid);
    }

    @Test
    void corruptFileKeepsAValidUuid() throws Exception {
        UUID uuid = UUID.randomUUID();
        Files.writeString(tmp.resolve("state.json"), "{\"uuid\":\"" + uuid + "\",\"telemetry\":\"sometimes\"}");
        StateStore.Stored s = open(tmp);
        assertThat(s.uuid).isEqualTo(uuid);
        assertThat(s.choice).isNull();
        assertThat(s.warnings).singleElement().asString().contains("keeping its UUID");
    }

    @Test
    void invalidUuidIsReplaced() throws Exception {
        for (String bad : new String[]{"not-a-uuid", "00000000-0000-1000-8000-000000000000", "1-1-1-1-1"}) {
            Files.writeString(tmp.resolve("state.json"), "{\"uuid\":\"" + bad + "\",\"telemetry\":\"enabled\"}");
            StateStore.Stored s = open(tmp);
            assertThat(s.uuid.toString()).isNotEqualTo(bad);
            assertThat(s.uuid.version()).isEqualTo(4);
            assertThat(s.choice).isEqualTo(TelemetryState.ENABLED);
            assertThat(s.warnings).singleElement().asString().contains("an invalid UUID");
        }
    }

    @Test
    void directoryThatCannotBeCreatedGivesAWarningAndMemoryState() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Path dir = file.resolve("state"); // under a regular file: fails even as root
        StateStore.Stored s = new StateStore(dir).update(p -> new StateStore.Choice(TelemetryState.ENABLED, 1), true);
        assertThat(s.writable).isFalse();
        assertThat(s.uuid).isNotNull();
        assertThat(s.warnings).singleElement().asString().contains("cannot write the state file").contains("kept in memory");
    }

    @Test
    void concurrentWritersNeverLeaveABrokenFileAndAgreeOnOneUuid() throws Exception {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final int n = i;
            threads.add(new Thread(() -> {
                for (int j = 0; j < 25; j++) {
                    final int k = n + j;
                    StateStore.Stored s = new StateStore(tmp).update(
                            p -> new StateStore.Choice(k % 2 == 0 ? TelemetryState.ENABLED : TelemetryState.DISABLED, 1), true);
                    seen.add(s.uuid);
                    assertThat(s.warnings).isEmpty();
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(seen).hasSize(1);
        assertThat(Files.readString(tmp.resolve("state.json"))).contains(seen.iterator().next().toString());
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("state.json", "state.json.lock");
        }
    }

    @Test
    void anEnableRecordsItsSchemaVersionAndAFileWithoutOneMeansSchema1() throws Exception {
        new StateStore(tmp).update(p -> new StateStore.Choice(TelemetryState.ENABLED, 3), true);
        assertThat(Files.readString(tmp.resolve("state.json"))).contains("\"telemetry\" : \"enabled\"", "\"schema_version\" : 3");
        assertThat(open(tmp).schema).isEqualTo(3);
        new StateStore(tmp).update(p -> new StateStore.Choice(TelemetryState.DISABLED, 3), true);
        assertThat(Files.readString(tmp.resolve("state.json"))).doesNotContain("schema_version");
        UUID uuid = UUID.randomUUID();
        Files.writeString(tmp.resolve("state.json"), "{\"uuid\":\"" + uuid + "\",\"telemetry\":\"enabled\"}");
        StateStore.Stored old = open(tmp);
        assertThat(old.choice).isEqualTo(TelemetryState.ENABLED);
        assertThat(old.schema).isEqualTo(1);
        assertThat(old.warnings).isEmpty();
    }

    @Test
    void anUnreadableSchemaVersionVoidsAnEnableButKeepsADisable() throws Exception {
        UUID uuid = UUID.randomUUID();
        Files.writeString(tmp.resolve("state.json"), "{\"schema_version\":\"two\",\"uuid\":\"" + uuid + "\",\"telemetry\":\"enabled\"}");
        StateStore.Stored s = open(tmp);
        assertThat(s.choice).isNull();
        assertThat(s.warnings).singleElement().asString().contains("an invalid schema_version");
        Files.writeString(tmp.resolve("state.json"), "{\"uuid\":\"" + uuid + "\",\"telemetry\":\"disabled\",\"schema_version\":0}");
        assertThat(open(tmp).choice).isEqualTo(TelemetryState.DISABLED);
    }
}
