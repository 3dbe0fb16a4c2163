package dev.telemetry.agent.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AppFactsTest {
    @TempDir
    Path tmp;

    @Test
    void installationTypeRules() throws Exception {
        Path none = tmp.resolve("absent");
        Path cgroup = tmp.resolve("cgroup");
        Files.writeString(cgroup, "0::/init.scope\n");
        assertThat(AppFacts.detectInstallationType("/usr/share/mydb/mydb.jar", none, cgroup)).isEqualTo("package");
        assertThat(AppFacts.detectInstallationType("/opt/mydb/mydb.jar", none, cgroup)).isEqualTo("package");
        assertThat(AppFacts.detectInstallationType("/usr/local/mydb/mydb.jar", none, cgroup)).isEqualTo("unknown");
        assertThat(AppFacts.detectInstallationType("/home/me/src/mydb/target/mydb.jar", none, cgroup)).isEqualTo("self-built");
        assertThat(AppFacts.detectInstallationType("com.example.Main", none, cgroup)).isEqualTo("unknown");
        Files.writeString(cgroup, "12:pids:/kubepods/besteffort/pod1\n");
        assertThat(AppFacts.detectInstallationType("/usr/share/mydb/mydb.jar", none, cgroup)).isEqualTo("docker");
        Path dockerenv = Files.createFile(tmp.resolve(".dockerenv"));
        assertThat(AppFacts.detectInstallationType(null, dockerenv, none)).isEqualTo("docker");
    }
}
