package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A host that ships its own, different Byte Buddy and Jackson keeps working beside the agent. */
class IsolationIT {

    @Test
    void hostLibrariesAndAgentDoNotClash() throws Exception {
        Path libs = Paths.get(System.getProperty("telemetry.hostLibs", "target/host-libs"));
        String hostLibs;
        try (Stream<Path> jars = Files.list(libs)) {
            hostLibs = jars.map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
        }
        assertThat(hostLibs).contains("byte-buddy-1.14.18.jar").contains("jackson-core-2.17.2.jar");
        try (ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.IsolationHost")
                .classPath(ForkedJvm.hostClassPath() + File.pathSeparator + hostLibs)
                .agentOptions("telemetry=enable,start-delay=0ms,dispatch=com.example.fixture.IsolationHost#handle,state-dir="
                        + ForkedJvm.freshDir("isolation"))
                .start()) {
            jvm.awaitStdout("DONE"::equals, 30_000);
            assertThat(jvm.stdout()).contains("made by host byte buddy", "bytebuddy from byte-buddy-1.14.18.jar",
                    "jackson 2.17.2", "jackson from jackson-core-2.17.2.jar");
            assertThat(ReportedMetrics.of(jvm).count("get")).isEqualTo(5);
            assertThat(jvm.stop(30_000)).isZero();
        }
    }
}
