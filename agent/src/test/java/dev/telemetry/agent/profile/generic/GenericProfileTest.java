package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.ErrorInfo;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class GenericProfileTest {
    enum Cmd { GET, bad_ }

    @Test
    void commandFromStringEnumOrMapsFirstKey() {
        assertThat(GenericProfile.commandName("get")).isEqualTo("get");
        assertThat(GenericProfile.commandName(Cmd.GET)).isEqualTo("GET");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("find", "secretcoll");
        doc.put("filter", Map.of());
        assertThat(GenericProfile.commandName(doc)).isEqualTo("find");
        assertThat(GenericProfile.commandName(Map.of())).isEqualTo("unknown");
        assertThat(GenericProfile.commandName(42)).isEqualTo("unknown");
        assertThat(GenericProfile.commandName("drop table x;")).isEqualTo("unknown");
    }

    @Test
    void targetsAreChecked() {
        assertThat(GenericProfile.checkTargets("com.example.Server#handle;com.example.Other#cmd*")).isNull();
        assertThat(GenericProfile.checkTargets("com.example.Server")).contains("bad value \"com.example.Server\" for dispatch");
        assertThat(GenericProfile.checkTargets("com.example.Server#")).isNotNull();
        assertThat(GenericProfile.parseTargets("a.B#c; d.E#f*")).hasSize(2);
    }

    static final class StatusException extends RuntimeException {
        StatusException() { super("unsupported operator: frob and secret_value"); }
        public Integer getStatus() { return 404; }
        public Cmd getReason() { return Cmd.GET; }
    }

    @Test
    void errorGettersAndOperatorRegexAreConfigurable() throws Exception {
        Properties props = new Properties();
        props.setProperty("telemetry.operator-regex", "unsupported operator: (\\w+)");
        Config config = ConfigLoader.load("dispatch=a.B#c,error-code-getters=getMissing;getStatus,error-name-getters=getReason",
                new Environment(Map.of(), props));
        ErrorInfo e = new GenericProfile(new Metrics(10, 10), config).error(new StatusException());
        assertThat(e.code).isEqualTo(404);
        assertThat(e.name).isEqualTo("GET");
        assertThat(e.operator).isEqualTo("frob");
    }
}
