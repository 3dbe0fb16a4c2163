package dev.telemetry.beacon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BeaconOptionsTest {
    private static BeaconOptions with(String retention) {
        return BeaconOptions.parse(new String[]{"--retention", retention}, Map.of());
    }

    @Test
    void retentionIsAtLeastAWeek() {
        assertThat(BeaconOptions.parse(new String[0], Map.of()).retention()).isEqualTo(Duration.ofDays(400));
        assertThat(with("7d").retention()).isEqualTo(Duration.ofDays(7));
        assertThat(with("200h").retention()).isEqualTo(Duration.ofHours(200));
        assertThatThrownBy(() -> with("12h").retention()).hasMessageContaining("--retention: at least 7d");
        assertThatThrownBy(() -> with("6d").retention()).hasMessageContaining("--retention: at least 7d");
        assertThatThrownBy(() -> with("soon").retention()).hasMessageContaining("a number followed by d, h or m");
        assertThatThrownBy(() -> with("").retention()).hasMessageContaining("a number followed by d, h or m");
    }

    @Test
    void theEnvironmentGivesOptionsAndTheCommandLineWins() {
        BeaconOptions o = BeaconOptions.parse(new String[]{"--listen", "127.0.0.1:9"},
                Map.of("BEACON_LISTEN", "0.0.0.0:1", "BEACON_ADMIN_TOKEN", "t"));
        assertThat(o.port()).isEqualTo(9);
        assertThat(o.adminToken()).isEqualTo("t");
        assertThat(o.jdbcUrl()).startsWith("jdbc:h2:file:").contains(";QUERY_CACHE_SIZE=64");
    }
}
