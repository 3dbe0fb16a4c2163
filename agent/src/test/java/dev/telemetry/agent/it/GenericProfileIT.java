package dev.telemetry.agent.it;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The generic profile on two differently shaped fixture servers, plus robustness under load and floods. */
class GenericProfileIT {
    private static final String ROUTER = "profile=generic,dispatch=com.example.fixture.RouterServer#handle";

    private static ForkedJvm host(String mode, String options) throws Exception {
        ForkedJvm jvm = ForkedJvm.builder("com.example.fixture.GenericHost").arg(mode)
                .agentOptions("telemetry=enable,start-delay=0ms,state-dir=" + ForkedJvm.freshDir("generic") + "," + options)
                .start();
        jvm.awaitStdout("DONE"::equals, 120_000);
        return jvm;
    }

    private static void stop(ForkedJvm jvm) throws Exception {
        assertThat(jvm.stop(30_000)).isZero();
        assertThat(jvm.stdout()).noneMatch(l -> l.startsWith("HOST CHECK FAILED")).contains("host exits normally");
    }

    @Test
    void dispatchMethodTakingTheCommandName() throws Exception {
        try (ForkedJvm jvm = host("router", ROUTER + ",operator-regex=unknown operator: (\\w+)")) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.count("get")).isEqualTo(3);
            assertThat(m.count("put")).isEqualTo(2);
            assertThat(m.count("unknown")).isEqualTo(2); // a name with spaces, and one of 200 characters
            assertThat(m.count("fail")).isEqualTo(1);
            assertThat(m.failures("fail")).isEqualTo(1);
            assertThat(m.commandNames()).containsExactlyInAnyOrder("get", "put", "unknown", "fail", "broken", "plain");
            assertThat(m.results()).containsOnly(
                    entry("get unknown ok null", 3L),
                    entry("put unknown ok null", 2L),
                    entry("unknown unknown ok null", 2L),
                    entry("fail frob Boom 42", 1L),
                    entry("broken unknown BrokenException null", 1L),  // every getter threw: still recorded
                    entry("plain unknown IllegalStateException null", 1L));
            m.assertHistogramsAddUp();
            assertThat(m.json.toString()).doesNotContain("secret");
            stop(jvm);
        }
    }

    @Test
    void oneMethodPerCommand() throws Exception {
        try (ForkedJvm jvm = host("permethod", "dispatch=com.example.fixture.PerMethodServer#op*,command=method,"
                + "operator-regex=unsupported stage (\\w+)")) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.results()).containsOnly(
                    entry("opGet unknown ok null", 2L),
                    entry("opPut unknown ok null", 1L),
                    entry("opScan unknown ok null", 1L),
                    entry("opFail sort PerMethodException 17", 1L));
            assertThat(m.failures("opFail")).isEqualTo(1);
            assertThat(m.json.toString()).doesNotContain("secret");
            stop(jvm);
        }
    }

    @Test
    void eightThreadsGiveExactTotals() throws Exception {
        try (ForkedJvm jvm = host("threads", ROUTER)) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.count("get")).isEqualTo(400_000);
            assertThat(m.count("put")).isEqualTo(400_000);
            assertThat(m.failures("get") + m.failures("put")).isZero();
            m.assertHistogramsAddUp();
            stop(jvm);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFloodOfDistinctNamesStaysBounded() throws Exception {
        try (ForkedJvm jvm = host("flood", ROUTER + ",max-commands=256,max-results=1024,operator-regex=unknown operator: (\\w+)")) {
            ReportedMetrics m = ReportedMetrics.of(jvm);
            assertThat(m.commands()).hasSize(257).containsKey("other");
            long total = 0;
            for (String name : m.commandNames()) {
                total += m.count(name);
            }
            assertThat(total).isEqualTo(100_000 + 33_334);
            Map<String, Object> dropped = (Map<String, Object>) m.json.get("dropped");
            assertThat(dropped.get("commands")).isEqualTo(m.count("other"));
            // 1024 distinct error rows, the overflow row, and one ok row per command cell
            long errorRows = m.results().keySet().stream().filter(k -> !k.contains(" ok ")).count();
            assertThat(errorRows).isEqualTo(1025);
            assertThat(m.results()).containsKey("other other other null");
            assertThat((Long) dropped.get("results")).isEqualTo(33_334 - 1024);
            long usedMb = Long.parseLong(jvm.stdout().stream().filter(l -> l.startsWith("USED_MB ")).findFirst().orElseThrow().substring(8));
            assertThat(usedMb).isLessThan(64);
            stop(jvm);
        }
    }
}
