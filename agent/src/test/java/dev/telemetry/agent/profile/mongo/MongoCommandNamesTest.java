package dev.telemetry.agent.profile.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MongoCommandNamesTest {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    @Test
    void returnsCanonicalSpellingForMixedCase() {
        assertThat(MongoCommandNames.canonical("ISMASTER")).isEqualTo("isMaster");
        assertThat(MongoCommandNames.canonical("ismaster")).isEqualTo("isMaster");
        assertThat(MongoCommandNames.canonical("findandmodify")).isEqualTo("findAndModify");
        assertThat(MongoCommandNames.canonical("Hello")).isEqualTo("hello");
        assertThat(MongoCommandNames.canonical("BUILDINFO")).isEqualTo("buildInfo");
        assertThat(MongoCommandNames.canonical("dbstats")).isEqualTo("dbStats");
        assertThat(MongoCommandNames.canonical("WhatsMyUri")).isEqualTo("whatsmyuri");
        assertThat(MongoCommandNames.canonical("getFreeMonitoringStatus")).isEqualTo("getFreeMonitoringStatus");
    }

    @Test
    void canonicalInputIsReturnedAsIs() {
        assertThat(MongoCommandNames.canonical("find")).isEqualTo("find");
        assertThat(MongoCommandNames.canonical("replSetGetStatus")).isEqualTo("replSetGetStatus");
    }

    @Test
    void unknownNamesGiveNull() {
        assertThat(MongoCommandNames.canonical("fooBarCmd")).isNull();
        assertThat(MongoCommandNames.canonical("$where")).isNull();
        assertThat(MongoCommandNames.canonical("setWindowFields")).isNull();
        assertThat(MongoCommandNames.canonical(null)).isNull();
        assertThat(MongoCommandNames.canonical("")).isNull();
    }

    @Test
    void veryLongNameGivesNull() {
        char[] chars = new char[10_000];
        Arrays.fill(chars, 'a');
        assertThat(MongoCommandNames.canonical(new String(chars))).isNull();
    }

    @Test
    void namesWithWhitespaceGiveNull() {
        assertThat(MongoCommandNames.canonical(" find")).isNull();
        assertThat(MongoCommandNames.canonical("find ")).isNull();
        assertThat(MongoCommandNames.canonical("find\n")).isNull();
        assertThat(MongoCommandNames.canonical("is Master")).isNull();
        assertThat(MongoCommandNames.canonical("\tping")).isNull();
    }

    @Test
    void nonAsciiLookalikesGiveNull() {
        // U+212A KELVIN SIGN lower-cases to ASCII 'k' under Locale.ROOT.
        assertThat(MongoCommandNames.canonical("\u212AillOp")).isNull();
    }

    @Test
    void sizeIsLarge() {
        assertThat(MongoCommandNames.size()).isGreaterThan(120);
    }

    @Test
    void everyCanonicalNameIsWellFormedAndMapsToItself() throws Exception {
        Field field = MongoCommandNames.class.getDeclaredField("NAMES");
        field.setAccessible(true);
        String[] names = (String[]) field.get(null);
        assertThat(names).isNotEmpty();
        for (String name : names) {
            assertThat(name).matches(NAME);
            assertThat(MongoCommandNames.canonical(name)).isEqualTo(name);
        }
        assertThat(MongoCommandNames.size()).isEqualTo(names.length);
    }
}
