package dev.telemetry.agent.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Holds a real report to the example in docs/report-format.md: same fields, same JSON types. */
public final class ReportSchema {
    private ReportSchema() {}

    public static Map<String, Object> documentedExample() throws Exception {
        Path doc = Paths.get("../docs/report-format.md");
        String text = Files.readString(Files.exists(doc) ? doc : Paths.get("docs/report-format.md"));
        int start = text.indexOf("```json", text.indexOf("<!-- example")) + "```json".length();
        return Json.object(text.substring(start, text.indexOf("```", start)));
    }

    public static void assertMatches(Map<String, Object> report) throws Exception {
        match("", documentedExample(), report);
    }

    @SuppressWarnings("unchecked")
    private static void match(String path, Object doc, Object real) {
        if (doc instanceof Map) {
            assertThat(real).as(path).isInstanceOf(Map.class);
            Map<String, Object> d = (Map<String, Object>) doc;
            Map<String, Object> r = (Map<String, Object>) real;
            if (path.equals(".commands")) { // keyed by command name: every entry has the documented shape
                Object shape = d.values().iterator().next();
                for (Map.Entry<String, Object> e : r.entrySet()) {
                    match(path + "." + e.getKey(), shape, e.getValue());
                }
                return;
            }
            assertThat(r.keySet()).as(path).containsExactlyInAnyOrderElementsOf(d.keySet());
            for (String k : d.keySet()) {
                match(path + "." + k, d.get(k), r.get(k));
            }
        } else if (doc instanceof List) {
            assertThat(real).as(path).isInstanceOf(List.class);
            List<Object> d = (List<Object>) doc;
            for (Object o : (List<Object>) real) {
                match(path + "[]", d.get(0), o);
            }
        } else if (doc == null || path.endsWith(".code")) {
            assertThat(real == null || real instanceof Long).as(path).isTrue();
        } else {
            assertThat(real).as(path).isInstanceOf(doc.getClass());
        }
    }
}
