package dev.telemetry.agent.profile.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailRuleTest {
    @Test
    void comparisons() {
        assertThat(FailRule.parse(">= 400").fails(550)).isTrue();
        assertThat(FailRule.parse(">= 400").fails(226)).isFalse();
        assertThat(FailRule.parse("< 0").fails(-101)).isTrue();
        assertThat(FailRule.parse("< 0").fails(0)).isFalse();
        assertThat(FailRule.parse("!= 0").fails(-1)).isTrue();
        assertThat(FailRule.parse("== 1").fails(1)).isTrue();
    }

    @Test
    void lists() {
        assertThat(FailRule.parse("in 550;421").fails(421)).isTrue();
        assertThat(FailRule.parse("in 550;421").fails(450)).isFalse();
        assertThat(FailRule.parse("not in 0;200").fails(200)).isFalse();
        assertThat(FailRule.parse("not in 0;200").fails(500)).isTrue();
    }

    @Test
    void badRulesSayWhatIsAccepted() {
        assertThatThrownBy(() -> FailRule.parse("above 400")).hasMessageContaining("accepted: >= 400");
        assertThatThrownBy(() -> FailRule.parse(">= x")).hasMessageContaining("accepted");
    }
}
