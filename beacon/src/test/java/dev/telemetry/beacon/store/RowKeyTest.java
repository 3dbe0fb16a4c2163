package dev.telemetry.beacon.store;

import dev.telemetry.beacon.ingest.CommandCounts;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A key with its hash computed once is a List like any other: the same rows whichever way a key was made. */
class RowKeyTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-01");

    @Test
    void equalsAndHashesAsTheListOfItsValues() {
        List<Object> plain = List.of(DAY, "app", "1.0", "find", "$where", "BadValue", 2);
        RowKey key = RowKey.of(DAY, "app", "1.0", "find", "$where", "BadValue", 2);
        assertThat(key).isEqualTo(plain).containsExactlyElementsOf(plain);
        assertThat(plain).isEqualTo(key);
        assertThat(key.hashCode()).isEqualTo(plain.hashCode());
        assertThat(RowKey.from(new ArrayList<>(plain))).isEqualTo(key);
        assertThat(RowKey.from(key)).isSameAs(key);
        assertThat(key).isNotEqualTo(RowKey.of(DAY, "app", "1.0", "find", "$where", "BadValue", 3))
                .isNotEqualTo(RowKey.of(DAY, "app", "1.0", "find", "$where", "BadValue"));
        Map<List<Object>, Integer> map = new HashMap<>();
        map.put(plain, 1);
        assertThat(map.get(key)).isEqualTo(1);
    }

    /** Additions under a List key, a RowKey, a decoded row and another batch's merge land in one row, summed. */
    @Test
    void everyWayInSumsIntoOneRow() {
        Changes c = new Changes();
        c.add(Changes.Table.GAPS_BY, List.of(DAY, "app", "*", "find", "$op", "BadValue", 2), 1);
        c.add(Changes.Table.GAPS_BY, RowKey.of(DAY, "app", "*", "find", "$op", "BadValue", 2), 2);
        c.addCommand(List.of(DAY, "app", "1.0", "find"), new CommandCounts(5, 1, 500, new long[]{0, 2, 3}));
        c.addCommand(RowKey.of(DAY, "app", "1.0", "find"), new CommandCounts(1, 0, 10, new long[]{1}));
        Changes other = new Changes();
        other.decode(c.encode(1_000_000).get(0));
        other.addAll(c);
        assertThat(ChangesTest.rows(other)).containsExactly(
                "daily_commands: [\"on_day\",\"app_name\",\"app_version\",\"command\",\"count\",\"failures\",\"total_us\",\"b00\",\"b01\",\"b02\"]"
                        + " = [\"2026-12-01\",\"app\",\"1.0\",\"find\",12,2,1020,2,4,6]",
                "gaps_by: [\"last_day\",\"app_name\",\"app_version\",\"command\",\"operator\",\"result\",\"code\",\"installations\"]"
                        + " = [\"2026-12-01\",\"app\",\"*\",\"find\",\"$op\",\"BadValue\",2,6]");
        // the first batch's rows are not changed by the merges into the other
        assertThat(ChangesTest.rows(c)).containsExactly(
                "daily_commands: [\"on_day\",\"app_name\",\"app_version\",\"command\",\"count\",\"failures\",\"total_us\",\"b00\",\"b01\",\"b02\"]"
                        + " = [\"2026-12-01\",\"app\",\"1.0\",\"find\",6,1,510,1,2,3]",
                "gaps_by: [\"last_day\",\"app_name\",\"app_version\",\"command\",\"operator\",\"result\",\"code\",\"installations\"]"
                        + " = [\"2026-12-01\",\"app\",\"*\",\"find\",\"$op\",\"BadValue\",2,3]");
    }
}
