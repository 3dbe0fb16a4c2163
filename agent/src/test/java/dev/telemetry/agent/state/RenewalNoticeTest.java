package dev.telemetry.agent.state;

import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.report.Notice;
import dev.telemetry.agent.surface.AgentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup warning when an earlier enable no longer covers the report schema: it says what is new and how to decide. */
class RenewalNoticeTest {
    @TempDir
    Path tmp;

    private AgentStatus status(String options, ConsentScope scope) throws Exception {
        Environment env = new Environment(Map.of(), new Properties());
        Resolution r = StateResolver.resolve(ConfigLoader.load("state-dir=" + tmp + options, env), env,
                new AppIdentity("telemetry.jar", "server.jar", "/usr/bin/java"), true, scope);
        return new AgentStatus(new TelemetryControl(r), new Metrics(1, 1), Collections.emptyList(), null, null, "dry run");
    }

    @Test
    void anEnableForAnEarlierSchemaGivesTheNewDataNotice() throws Exception {
        status(",telemetry=enable", new ConsentScope(1, Map.of(1, "counts")));
        AgentStatus s = status("", new ConsentScope(2, Map.of(1, "counts", 2, "per-collection document counts")));
        Notice n = s.startupNotice();
        assertThat(n.kind()).isEqualTo(Notice.Kind.UNDECIDED_NEW_DATA);
        assertThat(n.severity()).isEqualTo(Notice.Severity.WARNING);
        assertThat(n.text()).isEqualTo("Telemetry is undecided again: this version's reports (schema 2) add per-collection document counts,"
                + " and telemetry was enabled only for the earlier ones. Anonymous usage reports will be sent unless you decide:"
                + " to keep it on, start with telemetry=enable or run setFreeMonitoring with action \"enable\"; to opt out, start"
                + " with telemetry=disable or DO_NOT_TRACK=1, or run setFreeMonitoring with action \"disable\".");
        assertThat(s.getStartupWarnings()).contains(n.text());
        s.enable(); // deciding ends the notice
        assertThat(s.startupNotice()).isNull();
    }

    @Test
    void aFreshInstallationGetsThePlainUndecidedNotice() throws Exception {
        Notice n = status("", new ConsentScope(2, Map.of())).startupNotice();
        assertThat(n.kind()).isEqualTo(Notice.Kind.UNDECIDED);
        assertThat(n.text()).startsWith("Telemetry is undecided: ");
    }
}
