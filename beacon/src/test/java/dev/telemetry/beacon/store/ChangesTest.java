package dev.telemetry.beacon.store;

import dev.telemetry.beacon.ingest.CommandCounts;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pending additions travel as JSON naming tables and columns: read back as written, split when large, refused when unknown. */
class ChangesTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-01");

    private static Changes sample(int gaps) {
        Changes c = new Changes();
        c.add(Changes.Table.ACTIVE_BY, List.of(DAY, "app", "1.0", "all", ""), 1);
        c.addCommand(List.of(DAY, "app", "1.0", "find"), new CommandCounts(5, 1, 500, new long[]{0, 2, 3}));
        for (int i = 0; i < gaps; i++) {
            c.add(Changes.Table.GAPS_BY, List.of(DAY, "app", "*", "find", "$op" + i, "BadValue", 2), 1);
        }
        return c;
    }

    @Test
    void readsBackWhatItWroteInPartsWhenLarge() {
        Changes big = sample(20_000);
        List<String> parts = big.encode(100_000);
        assertThat(parts).hasSizeGreaterThan(5).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(100_000));
        Changes back = new Changes();
        parts.forEach(back::decode);
        List<String> want = rows(big);
        assertThat(want).hasSize(20_002);
        assertThat(rows(back).equals(want)).as("the same rows read back").isTrue();
        assertThat(sample(0).encode(1_000_000).get(0)).contains("\"daily_commands\":{\"columns\":[\"on_day\",\"app_name\"",
                "\"b02\"", "[\"2026-12-01\",\"app\",\"1.0\",\"find\",5,1,500,0,2,3,0");
    }

    /** Every row as "table: columns = values", sorted. */
    private static List<String> rows(Changes c) {
        List<String> out = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try {
            for (String part : c.encode(Integer.MAX_VALUE)) {
                json.readTree(part).fields().forEachRemaining(t -> {
                    for (com.fasterxml.jackson.databind.JsonNode row : t.getValue().get("rows")) {
                        out.add(t.getKey() + ": " + t.getValue().get("columns") + " = " + row);
                    }
                });
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void anUnknownTableOrColumnIsAnErrorNotSkipped() {
        assertThatThrownBy(() -> new Changes().decode("{\"daily_things\":{\"columns\":[],\"rows\":[]}}"))
                .hasMessageContaining("no aggregate table daily_things");
        assertThatThrownBy(() -> new Changes().decode("{\"daily_active\":{\"columns\":[\"on_day\",\"app_name\",\"app_version\",\"users\"],"
                + "\"rows\":[]}}")).hasMessageContaining("not users");
        assertThatThrownBy(() -> new Changes().decode("{\"daily_active\":{\"columns\":[\"on_day\",\"installations\"],\"rows\":[]}}"))
                .hasMessageContaining("every key column");
    }
}
