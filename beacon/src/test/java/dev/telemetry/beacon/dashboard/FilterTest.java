package dev.telemetry.beacon.dashboard;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void emptyMeansAllAndThirtyDaysEndingToday() {
        Filter f = Filter.parse(null, "", null, TODAY);
        assertThat(f.app()).isEmpty();
        assertThat(f.version()).isEmpty();
        assertThat(f.days()).isEqualTo(30);
        assertThat(f.from()).isEqualTo(LocalDate.of(2026, 10, 27));
        assertThat(Filter.parse("test-app", "1.0.0", "1", TODAY).from()).isEqualTo(TODAY);
    }

    @Test
    void refusesWhatNoReportCouldHold() {
        assertThatThrownBy(() -> Filter.parse("x' OR '1'='1", "", "", TODAY)).hasMessageContaining("app");
        assertThatThrownBy(() -> Filter.parse("", "<script>", "", TODAY)).hasMessageContaining("version");
        assertThatThrownBy(() -> Filter.parse("", "", "365", TODAY)).hasMessageContaining("days: one of [1, 7, 30, 90]");
        assertThatThrownBy(() -> Filter.parse("", "", "7d", TODAY)).hasMessageContaining("days");
    }
}
