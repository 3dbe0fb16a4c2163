package dev.telemetry.agent.profile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {
    @Test
    void genericCommandNames() {
        assertThat(Names.genericCommand("get")).isEqualTo("get");
        assertThat(Names.genericCommand("ns.cmd:v1-x_2")).isEqualTo("ns.cmd:v1-x_2");
        assertThat(Names.genericCommand("a".repeat(64))).isEqualTo("a".repeat(64));
        assertThat(Names.genericCommand("a".repeat(65))).isEqualTo("unknown");
        assertThat(Names.genericCommand("1abc")).isEqualTo("unknown");
        assertThat(Names.genericCommand("with space")).isEqualTo("unknown");
        assertThat(Names.genericCommand("user@example.com")).isEqualTo("unknown");
        assertThat(Names.genericCommand("")).isEqualTo("unknown");
        assertThat(Names.genericCommand(null)).isEqualTo("unknown");
    }

    @Test
    void operators() {
        assertThat(Names.mongoOperator("$where")).isEqualTo("$where");
        assertThat(Names.mongoOperator("where")).isEqualTo("unknown");
        assertThat(Names.mongoOperator("$a.b")).isEqualTo("unknown");
        assertThat(Names.mongoOperator("$" + "x".repeat(63))).hasSize(64);
        assertThat(Names.mongoOperator("$" + "x".repeat(64))).isEqualTo("unknown");
        assertThat(Names.identifier("sort")).isEqualTo("sort");
        assertThat(Names.identifier("so rt")).isEqualTo("unknown");
        assertThat(Names.identifier("_x9")).isEqualTo("_x9");
        assertThat(Names.identifier("9x")).isEqualTo("unknown");
        assertThat(Names.identifier("x".repeat(64))).hasSize(64);
        assertThat(Names.identifier("x".repeat(65))).isEqualTo("unknown");
        assertThat(Names.identifier("\u00e9t\u00e9")).isEqualTo("unknown");
        assertThat(Names.identifier("")).isEqualTo("unknown");
        assertThat(Names.identifier(null)).isEqualTo("unknown");
    }

    @Test
    void errorNames() {
        assertThat(Names.errorName("DuplicateKey", new RuntimeException())).isEqualTo("DuplicateKey");
        assertThat(Names.errorName("not an identifier!", new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(Names.errorName(null, new IllegalArgumentException())).isEqualTo("IllegalArgumentException");
        assertThat(Names.errorName(null, new RuntimeException() { })).isEqualTo("unknown"); // anonymous: no simple name
    }
}
