package dev.telemetry.beacon.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FacetsTest {
    @Test
    void javaVersionsBecomeTheirMajor() {
        assertThat(Facets.javaMajor("17.0.15")).isEqualTo("17");
        assertThat(Facets.javaMajor("1.8.0_392")).isEqualTo("8");
        assertThat(Facets.javaMajor("25")).isEqualTo("25");
        assertThat(Facets.javaMajor("21-ea")).isEqualTo("21");
        assertThat(Facets.javaMajor("unknown")).isEqualTo("unknown");
    }

    @Test
    void missingNetworkFactsHaveNamesAndEveryDimIsThere() {
        assertThat(Facets.of("memory", "docker", "11.0.2", "Linux", "aarch64", null, null, null, "undecided"))
                .containsExactly(java.util.Map.entry("all", ""), java.util.Map.entry("backend", "memory"),
                        java.util.Map.entry("installation_type", "docker"), java.util.Map.entry("java", "11"),
                        java.util.Map.entry("os_arch", "Linux/aarch64"), java.util.Map.entry("country", "unknown"),
                        java.util.Map.entry("cloud", "none"), java.util.Map.entry("telemetry", "undecided"));
        assertThat(Facets.of("m", "t", "17", "L", "a", "SE", "gcp", null, "enabled"))
                .containsEntry("country", "SE").containsEntry("cloud", "gcp/unknown");
        assertThat(Facets.of("m", "t", "17", "L", "a", "SE", "gcp", null, "enabled").keySet()).containsExactlyElementsOf(Facets.DIMS);
    }
}
