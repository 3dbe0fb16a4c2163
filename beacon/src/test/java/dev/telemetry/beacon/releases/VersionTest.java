package dev.telemetry.beacon.releases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class VersionTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            // numeric core
            "1.0.0,            2.0.0,              -1",
            "2.0.0,            2.1.0,              -1",
            "2.1.0,            2.1.1,              -1",
            "1.0.0,            2.1.1,              -1",
            "1.10.0,           1.9.0,               1",
            "1.0.10,           1.0.9,               1",
            "10.0.0,           9.99.99,             1",
            "2.0.0,            1.99.99,             1",
            "9223372036854775807.0.0, 9223372036854775806.0.0, 1",
            // the SemVer 2.0.0 spec's example chain (section 11)
            "1.0.0-alpha,      1.0.0-alpha.1,      -1",
            "1.0.0-alpha.1,    1.0.0-alpha.beta,   -1",
            "1.0.0-alpha.beta, 1.0.0-beta,         -1",
            "1.0.0-beta,       1.0.0-beta.2,       -1",
            "1.0.0-beta.2,     1.0.0-beta.11,      -1",
            "1.0.0-beta.11,    1.0.0-rc.1,         -1",
            "1.0.0-rc.1,       1.0.0,              -1",
            // more pre-release rules
            "1.0.0-alpha,      1.0.0,              -1",
            "1.0.0-rc.1,       0.9.9,               1",
            "1.0.0-1,          1.0.0-alpha,        -1",
            "1.0.0-2,          1.0.0-10,           -1",
            "1.0.0-Alpha,      1.0.0-alpha,        -1",
            "1.0.0-alpha-2,    1.0.0-alpha-10,      1",
            "1.0.0-rc.1,       1.0.0-rc.1.0,       -1",
            "1.0.0-99999999999999999999, 1.0.0-100000000000000000000, -1",
            "1.0.0-rc.01,      1.0.0-rc.1,          0",
            // missing components, leading v, build metadata, leading zeros
            "1.0,              1.0.0,               0",
            "1,                1.0.0,               0",
            "2,                1.9,                 1",
            "v1.2.3,           1.2.3,               0",
            "V1.2.3,           1.2.3,               0",
            "1.2.3+build.5,    1.2.3,               0",
            "1.2.3+build.5,    1.2.3+other,         0",
            "1.0.0-rc.1+exp.sha.5114f85, 1.0.0-rc.1, 0",
            "1.0.0-rc.1+build, 1.0.0,              -1",
            "1.01.0,           1.1.0,               0",
            "' 1.2.3 ',        1.2.3,               0",
    })
    void compares(String a, String b, int expectedSign) {
        Version va = Version.parse(a);
        Version vb = Version.parse(b);
        assertThat(va).as("parse(%s)", a).isNotNull();
        assertThat(vb).as("parse(%s)", b).isNotNull();
        assertThat(Integer.signum(va.compareTo(vb))).isEqualTo(expectedSign);
        assertThat(Integer.signum(vb.compareTo(va))).isEqualTo(-expectedSign);
        assertThat(va.equals(vb)).isEqualTo(expectedSign == 0);
        if (expectedSign == 0) {
            assertThat(va.hashCode()).isEqualTo(vb.hashCode());
        }
    }

    /**
     * Decisions: four or more numeric components ("1.2.3.4", "1.2.3.4.5") are not semantic versions,
     * and neither is a negative number, an empty component or an empty pre-release/build part.
     */
    @ParameterizedTest(name = "[{0}] -> null")
    @NullSource
    @CsvSource({
            "''", "' '", "abc", "v", "vv1.0", "1..2", "1.2.", ".1", "1.2.3.4", "1.2.3.4.5", "-1.0",
            "1.-2.3", "+1.0.0", "1.0.0-", "1.0.0+", "1.0.0-alpha..1", "1.0.0+build..1", "1.0.0-al_pha",
            "1.0.0-a+b+c", "1.0.0 beta", "1.2.x", "1.2.3a", "0x10", "1e3",
            "9223372036854775808.0.0", "1.0.99999999999999999999"
    })
    void rejectsUnparsable(String text) {
        assertThat(Version.parse(text)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1,                       1.0.0",
            "1.2,                     1.2.0",
            "v1.2.3,                  1.2.3",
            "01.002.0003,             1.2.3",
            "1.0.0-rc.01,             1.0.0-rc.1",
            "1.0.0-alpha.0,           1.0.0-alpha.0",
            "2.3.0-rc.1+build.007,    2.3.0-rc.1+build.007",
            "1.0-beta,                1.0.0-beta",
            "1+meta,                  1.0.0+meta",
    })
    void normalises(String text, String expected) {
        assertThat(Version.parse(text)).hasToString(expected);
    }

    @Test
    void exposesComponents() {
        Version v = Version.parse("v3.2.1-rc.1+sha.abc");
        assertThat(v.major()).isEqualTo(3);
        assertThat(v.minor()).isEqualTo(2);
        assertThat(v.patch()).isEqualTo(1);
        assertThat(v.preRelease()).containsExactly("rc", "1");
        assertThat(v.build()).containsExactly("sha", "abc");
        assertThat(v.isPreRelease()).isTrue();
        assertThat(v.isLowerThan(Version.parse("3.2.1"))).isTrue();
        assertThat(Version.parse("3.2.1").isPreRelease()).isFalse();
    }

    @Test
    void sortsTheSpecChain() {
        List<String> chain = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0");
        List<Version> shuffled = new ArrayList<>();
        for (String s : chain) {
            shuffled.add(Version.parse(s));
        }
        Collections.reverse(shuffled);
        Collections.swap(shuffled, 1, 7);
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(Version::toString).containsExactlyElementsOf(chain);
    }
}
