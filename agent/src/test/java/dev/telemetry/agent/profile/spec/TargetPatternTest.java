package dev.telemetry.agent.profile.spec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetPatternTest {
    @Test
    void exactWildcardAndSubtypes() {
        TargetPattern exact = TargetPattern.parse("com.example.Server#handle");
        assertThat(exact.match).isEqualTo(TargetPattern.TypeMatch.EXACT);
        assertThat(exact.matchesName("com.example.Server")).isTrue();

        TargetPattern wild = TargetPattern.parse("com.example.cmd.*Command#execute");
        assertThat(wild.match).isEqualTo(TargetPattern.TypeMatch.WILDCARD);
        assertThat(wild.matchesName("com.example.cmd.GetCommand")).isTrue();
        assertThat(wild.matchesName("com.example.cmd.sub.GetCommand")).isFalse();
        assertThat(TargetPattern.parse("com.example.**#run").matchesName("com.example.a.b.C")).isTrue();

        TargetPattern sub = TargetPattern.parse("com.example.Command+#execute");
        assertThat(sub.match).isEqualTo(TargetPattern.TypeMatch.SUBTYPES);
        assertThat(sub.typeName).isEqualTo("com.example.Command");
        assertThat(sub.methodPattern).isEqualTo("execute");
    }

    @Test
    void badTargetsSayWhatIsAccepted() {
        assertThatThrownBy(() -> TargetPattern.parse("com.example.Server")).hasMessageContaining("accepted: Class#method");
        assertThatThrownBy(() -> TargetPattern.parse("com.*.X+#m")).hasMessageContaining("cannot take '+'");
        assertThatThrownBy(() -> TargetPattern.parse("*#m")).hasMessageContaining("every class");
    }
}
