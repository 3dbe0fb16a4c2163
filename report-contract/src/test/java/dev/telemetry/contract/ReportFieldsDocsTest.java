package dev.telemetry.contract;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The field names are the ones of the example in docs/report-format.md: none missing, none extra. */
class ReportFieldsDocsTest {
    private static String documentedExample() throws Exception {
        String text = Files.readString(Path.of("../docs/report-format.md"));
        int start = text.indexOf("```json", text.indexOf("<!-- example")) + "```json".length();
        return text.substring(start, text.indexOf("```", start));
    }

    private static Set<String> names(Class<?> c) throws IllegalAccessException {
        Set<String> out = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                out.add((String) f.get(null));
            }
        }
        for (Class<?> inner : c.getDeclaredClasses()) {
            out.addAll(names(inner));
        }
        return out;
    }

    @Test
    void everyFieldOfTheExampleAndNoOther() throws Exception {
        String example = documentedExample();
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("\"([A-Za-z_$]+)\"\\s*:").matcher(example);
        while (m.find()) {
            keys.add(m.group(1));
        }
        // the keys of "commands" are command names, not fields
        keys.removeAll(Set.of("find", "insert", "isMaster"));
        assertThat(names(ReportFields.class)).isEqualTo(keys);
        assertThat(example).contains("\"" + ReportFields.SCHEMA_VERSION + "\": " + ReportFields.CURRENT_SCHEMA);
    }
}
