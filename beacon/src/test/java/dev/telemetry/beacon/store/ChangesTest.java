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
        // the value columns that are 0 in every row are left out: here b00 and b03 to b28
        String one = sample(0).encode(1_000_000).get(0);
        assertThat(one).contains("\"daily_commands\":{\"columns\":[\"on_day\",\"app_name\",\"app_version\",\"command\","
                + "\"count\",\"failures\",\"total_us\",\"b01\",\"b02\"]", "[\"2026-12-01\",\"app\",\"1.0\",\"find\",5,1,500,2,3]")
                .doesNotContain("\"b00\"", "\"b03\"");
    }

    /** A value column left out reads as 0, and a body that names every column (as beacons wrote before) reads as well. */
    @Test
    void aMissingValueColumnIsZeroAndAFullBodyStillReads() {
        StringBuilder full = new StringBuilder("{\"daily_commands\":{\"columns\":[\"on_day\",\"app_name\",\"app_version\",\"command\","
                + "\"count\",\"failures\",\"total_us\"");
        for (int i = 0; i < Histograms.BUCKETS; i++) {
            full.append(",\"").append(Histograms.column(i)).append('"');
        }
        full.append("],\"rows\":[[\"2026-12-01\",\"app\",\"1.0\",\"find\",5,1,500,0,2,3");
        full.append(",0".repeat(Histograms.BUCKETS - 3)).append("]]}}");
        Changes old = new Changes();
        old.decode(full.toString());
        Changes sparse = new Changes();
        sparse.decode("{\"daily_commands\":{\"columns\":[\"on_day\",\"app_name\",\"app_version\",\"command\",\"count\",\"b02\"],"
                + "\"rows\":[[\"2026-12-01\",\"app\",\"1.0\",\"find\",5,3]]}}");
        Changes want = new Changes();
        want.addCommand(List.of(DAY, "app", "1.0", "find"), new CommandCounts(5, 1, 500, new long[]{0, 2, 3}));
        assertThat(rows(old)).isEqualTo(rows(want));
        Changes wantSparse = new Changes();
        wantSparse.addCommand(List.of(DAY, "app", "1.0", "find"), new CommandCounts(5, 0, 0, new long[]{0, 0, 3}));
        assertThat(rows(sparse)).isEqualTo(rows(wantSparse));
    }

    @Test
    void aRowThatAddsNothingIsLeftOut() {
        Changes c = new Changes();
        c.add(Changes.Table.ACTIVE_BY, List.of(DAY, "app", "1.0", "all", ""), 1);
        c.add(Changes.Table.ACTIVE_BY, List.of(DAY, "app", "1.0", "all", ""), -1); // moved in and out again
        c.add(Changes.Table.DAILY_ACTIVE, List.of(DAY, "app", "1.0"), 1);
        assertThat(c.encode(1_000_000)).containsExactly("{\"daily_active\":{\"columns\":[\"on_day\",\"app_name\",\"app_version\","
                + "\"installations\"],\"rows\":[[\"2026-12-01\",\"app\",\"1.0\",1]]}}");
    }

    /** Every row as "table: columns = values", sorted. */
    static List<String> rows(Changes c) {
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

    /** A command's growth goes in as growthSince computes it (a counter that went down adds 0), and not at all when nothing grew. */
    @Test
    void aCommandsGrowthIsWhatGrowthSinceSays() {
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 200; n++) {
            CommandCounts before = counts(random);
            CommandCounts now = random.nextInt(4) == 0 ? before : counts(random);
            Changes direct = new Changes();
            direct.addCommandGrowth(DAY, "app", "1.0", "find", now, before);
            Changes want = new Changes();
            CommandCounts growth = now.growthSince(before);
            if (!growth.isZero()) {
                want.addCommand(List.of(DAY, "app", "1.0", "find"), growth);
            }
            assertThat(rows(direct)).as(now + " since " + before).isEqualTo(rows(want));
            assertThat(direct.hasAdds()).isEqualTo(!growth.isZero());
        }
        Changes none = new Changes();
        none.addCommandGrowth(DAY, "app", "1.0", "find", new CommandCounts(3, 1, 10, new long[]{3}), new CommandCounts(5, 2, 20, new long[]{5}));
        assertThat(none.hasAdds()).isFalse();
    }

    private static CommandCounts counts(java.util.Random random) {
        long[] h = new long[random.nextInt(Histograms.BUCKETS + 1)];
        for (int i = 0; i < h.length; i++) {
            h[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(50);
        }
        return new CommandCounts(random.nextInt(100), random.nextInt(10), random.nextInt(3) == 0 ? 0 : random.nextInt(100_000), h);
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
