package dev.telemetry.beacon.store;

import dev.telemetry.beacon.ingest.Report;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GapLedgerTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-01");

    @Test
    void aLedgerReadsBackAsItWasWrittenAndTheSameLedgerIsTheSameText() {
        Map<GapLedger.Key, LocalDate> ledger = Map.of(
                new GapLedger.Key("1.2.3", new Rollup.Gap("find", "$where", "BadValue", 2)), DAY,
                new GapLedger.Key("*", new Rollup.Gap("find", "$where", "BadValue", 2)), DAY.minusDays(3),
                new GapLedger.Key("*", new Rollup.Gap("aggregate", "$facet", "NotImplemented", Report.NO_CODE)), DAY,
                new GapLedger.Key("1.2.3", new Rollup.Gap("get", "-", "Timeout", -110)), DAY.minusDays(1));
        List<Map.Entry<GapLedger.Key, LocalDate>> lines = new ArrayList<>(ledger.entrySet());
        String json = GapLedger.toJson(lines);
        assertThat(GapLedger.fromJson(json)).isEqualTo(ledger);
        java.util.Collections.reverse(lines);
        assertThat(GapLedger.toJson(lines)).isEqualTo(json);
        assertThat(json).startsWith("{\"columns\":[\"app_version\",\"command\",\"operator\",\"result\",\"code\",\"last_day\"],\"rows\":[[\"*\",");
    }

    @Test
    void columnsAreReadByNameNotPosition() {
        String json = "{\"columns\":[\"last_day\",\"code\",\"result\",\"operator\",\"command\",\"app_version\"],"
                + "\"rows\":[[\"2026-12-01\",2,\"BadValue\",\"$where\",\"find\",\"1.2.3\"]]}";
        assertThat(GapLedger.fromJson(json)).isEqualTo(Map.of(new GapLedger.Key("1.2.3", new Rollup.Gap("find", "$where", "BadValue", 2)), DAY));
    }

    @Test
    void anUnknownOrMissingColumnIsAnErrorNotSkipped() {
        assertThatThrownBy(() -> GapLedger.fromJson("{\"columns\":[\"app_version\",\"command\",\"operator\",\"result\",\"code\",\"day\"],\"rows\":[]}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not day");
        assertThatThrownBy(() -> GapLedger.fromJson("{\"columns\":[\"app_version\",\"command\"],\"rows\":[]}"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("installation_gaps.body does not read");
        assertThatThrownBy(() -> GapLedger.fromJson("{\"columns\":[\"app_version\",\"command\",\"operator\",\"result\",\"code\",\"last_day\"],"
                + "\"rows\":[[\"1.2.3\",\"find\"]]}")).isInstanceOf(IllegalStateException.class).hasMessageContaining("6 values in a row");
    }
}
