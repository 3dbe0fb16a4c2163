package dev.telemetry.beacon;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/beacon.md's options table is the list in BeaconOptions: same names, same order, same defaults. */
class BeaconDocsTest {
    @Test
    void optionsTableMatchesTheCode() throws Exception {
        String doc = Files.readString(Path.of("../docs/beacon.md"));
        Matcher m = Pattern.compile("(?m)^\\| `--([a-z-]+)` \\|\\s*`?([^`|]*?)`?\\s*\\|").matcher(doc);
        Map<String, String> documented = new LinkedHashMap<>();
        while (m.find()) {
            documented.put(m.group(1), m.group(2).trim());
        }
        Map<String, String> code = new LinkedHashMap<>(BeaconOptions.defaults());
        assertThat(documented).containsExactlyEntriesOf(code);
    }
}
