package dev.telemetry.contract;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationTextTest {
    @Test
    void parsesEveryUnit() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsOtherSpellings() {
        for (String bad : new String[]{"", "h", "10", "1.5h", "-1s", "1 h", "1H", "10sec", "9999999999999s"}) {
            assertThat(DurationText.parse(bad)).as(bad).isNull();
            assertThat(DurationText.millis(bad)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void millisAgreeWithTheDuration() {
        for (String text : new String[]{"0s", "500ms", "90s", "5m", " 1h ", "2d", "999999999999ms", "999999999999h"}) {
            assertThat(DurationText.millis(text)).as(text).isEqualTo(DurationText.parse(text).toMillis());
        }
        assertThat(DurationText.millis("999999999999d")).isEqualTo(Long.MAX_VALUE); // longer than a long of milliseconds
    }
}
