package dev.telemetry.agent.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The threshold each level sets, and what a line says. */
@ResourceLock(Resources.SYSTEM_ERR)
class AgentLogTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void capture() {
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(original);
        AgentLog.setLevel("info");
    }

    private String logEach() {
        AgentLog.debug("d");
        AgentLog.info("i");
        AgentLog.warn("w");
        AgentLog.error("e");
        String out = captured.toString(StandardCharsets.UTF_8);
        captured.reset();
        return out;
    }

    @Test
    void eachLevelShowsItselfAndWhatIsMoreSevere() {
        AgentLog.setLevel("debug");
        assertThat(logEach()).isEqualTo(String.join(System.lineSeparator(), "[telemetry-agent] DEBUG d",
                "[telemetry-agent] INFO i", "[telemetry-agent] WARN w", "[telemetry-agent] ERROR e", ""));
        AgentLog.setLevel(" Info ");
        assertThat(logEach()).doesNotContain("DEBUG").contains("INFO i", "WARN w", "ERROR e");
        AgentLog.setLevel("WARN");
        assertThat(logEach()).doesNotContain("INFO").contains("WARN w", "ERROR e");
        AgentLog.setLevel("error");
        assertThat(logEach()).isEqualTo("[telemetry-agent] ERROR e" + System.lineSeparator());
    }

    @Test
    void offShowsNothingNotEvenErrors() {
        AgentLog.setLevel("off");
        assertThat(logEach()).isEmpty();
    }

    @Test
    void anUnknownLevelIsRefusedAndTheThresholdStays() {
        AgentLog.setLevel("warn");
        assertThatThrownBy(() -> AgentLog.setLevel("verbose")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verbose");
        assertThat(logEach()).doesNotContain("INFO").contains("WARN w");
    }
}
