package dev.telemetry.beacon.ingest;

import dev.telemetry.beacon.Reports;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportParserTest {
    private final ReportParser parser = new ReportParser();

    private static Map<String, Object> valid() {
        return Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1);
    }

    @SuppressWarnings("unchecked")
    private void rejects(String reason, Consumer<Map<String, Object>> change) {
        Map<String, Object> r = valid();
        change.accept(r);
        assertThatThrownBy(() -> parser.parse(Reports.bytes(r))).as(reason)
                .isInstanceOf(ReportParser.Rejected.class).hasMessageContaining(reason);
    }

    @Test
    void aValidReportParses() throws Exception {
        Report r = parser.parse(Reports.bytes(valid()));
        assertThat(r.appName()).isEqualTo("test-app");
        assertThat(r.commands()).extracting(Report.Command::name).containsExactly("find", "insert");
        assertThat(r.results()).contains(new Report.Result("insert", "unknown", "DuplicateKey", 11000, 1));
        assertThat(r.results()).contains(new Report.Result("find", "unknown", "ok", Report.NO_CODE, 3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void negativeCodesAreCodesAndNullIsNone() throws Exception {
        Map<String, Object> r = valid();
        ((List<Object>) r.get("results")).add(Reports.result("getData", "unknown", "NONODE", -101, 1));
        ((List<Object>) r.get("results")).add(Reports.result("getData", "unknown", "MARSHALLINGERROR", -1, 1));
        Report parsed = parser.parse(Reports.bytes(r));
        assertThat(parsed.results()).contains(new Report.Result("getData", "unknown", "NONODE", -101, 1),
                new Report.Result("getData", "unknown", "MARSHALLINGERROR", -1, 1),
                new Report.Result("find", "unknown", "ok", Report.NO_CODE, 3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKindOfBadInputIsRejectedWithAReason() {
        rejects("unsupported schema_version 2", r -> r.put("schema_version", 2));
        rejects("uuid must be a UUID (version 4)", r -> r.put("uuid", "not-a-uuid"));
        rejects("uuid must be a UUID (version 4)", r -> r.put("uuid", "00000000-0000-1000-8000-000000000000"));
        rejects("sequence must be a whole number", r -> r.put("sequence", "1"));
        rejects("sequence must be between 1", r -> r.put("sequence", 0));
        rejects("count must be between 0", r -> ((Map<String, Object>) ((Map<String, Object>) r.get("commands")).get("find")).put("count", -4));
        rejects("failures must be between 0 and 4", r -> ((Map<String, Object>) ((Map<String, Object>) r.get("commands")).get("find")).put("failures", 5));
        rejects("does not add up", r -> ((Map<String, Object>) ((Map<String, Object>) r.get("commands")).get("find")).put("histogram", List.of(1)));
        rejects("command name \"drop table x;\" is not a valid name", r -> ((Map<String, Object>) r.get("commands")).put("drop table x;", Reports.command(1, 0, new long[]{1})));
        rejects("results[].operator is missing or not valid", r -> ((List<Object>) r.get("results")).add(Reports.result("find", "a b", "ok", null, 1)));
        // every int but the one that stands for "no code" is someone's code (ZooKeeper's are negative)
        rejects("results[].code must be null or a whole number from -2147483647 to 2147483647",
                r -> ((List<Object>) r.get("results")).add(Reports.result("find", "$x", "E", Integer.MIN_VALUE, 1)));
        rejects("the same (command, operator, result, code) twice", r -> ((List<Object>) r.get("results")).add(Reports.result("find", "$where", "BadValue", 2, 1)));
        rejects("app.name is missing or not valid", r -> ((Map<String, Object>) r.get("app")).put("name", "/etc/passwd"));
        rejects("app.installation_type must be one of", r -> ((Map<String, Object>) r.get("app")).put("installation_type", "cloud"));
        rejects("telemetry must be one of", r -> r.put("telemetry", "maybe"));
        rejects("commands must be an object", r -> r.put("commands", List.of()));
        rejects("uptime_s must be a whole number", r -> r.put("uptime_s", 1.5));
        // caps that keep the beacon's sums inside a long
        rejects("count must be between 0 and 281474976710656", r -> ((Map<String, Object>) ((Map<String, Object>) r.get("commands")).get("find")).put("count", (1L << 48) + 1));
        rejects("total_us must be between 0 and 72057594037927936", r -> ((Map<String, Object>) ((Map<String, Object>) r.get("commands")).get("find")).put("total_us", Long.MAX_VALUE));
        rejects("histogram must hold whole numbers from 0 to 281474976710656", r -> ((Map<String, Object>) ((Map<String, Object>) r.get("commands")).get("find"))
                .put("histogram", List.of(Long.MAX_VALUE, Long.MAX_VALUE, 10)));
        rejects("count must be between 0 and 281474976710656", r -> ((List<Object>) r.get("results")).add(Reports.result("find", "$x", "E", 1, Long.MAX_VALUE)));
        rejects("more than 1024 commands", r -> {
            Map<String, Object> many = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 1025; i++) {
                many.put("c" + i, Reports.command(1, 0, new long[]{1}));
            }
            r.put("commands", many);
        });
    }

    @Test
    void malformedDeepOrOversizeBodies() {
        assertThatThrownBy(() -> parser.parse("{\"schema_version\":1,".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not well-formed JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("must be a JSON object");
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("nests too deep");
        StringBuilder million = new StringBuilder("{\"commands\":{");
        for (int i = 0; i < 1_000_000; i++) {
            million.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":{}");
        }
        million.append("}}");
        assertThatThrownBy(() -> parser.parse(million.toString().getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("larger than 256 KiB");
    }
}
