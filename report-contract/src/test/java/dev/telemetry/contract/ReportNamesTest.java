package dev.telemetry.contract;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each check accepts exactly what the pattern docs/report-format.md and README.md write for it. */
class ReportNamesTest {
    private static final String ALPHABET = "aZ09_.:-+$ @\u00e9\t~";

    /** The patterns as the documents write them, held against the character loops. */
    private static void sameAs(String regex, Predicate<String> check, String... examples) {
        Pattern p = Pattern.compile(regex);
        List<String> inputs = new ArrayList<>(List.of(examples));
        Random rnd = new Random(15);
        for (int n = 0; n < 20_000; n++) {
            int length = rnd.nextInt(4) == 0 ? 60 + rnd.nextInt(8) : rnd.nextInt(6);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                // mostly letters, so that long valid names come up too
                b.append(rnd.nextInt(3) > 0 ? 'x' : ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
            inputs.add(b.toString());
        }
        for (String s : inputs) {
            assertThat(check.test(s)).as("\"%s\" against %s", s, regex).isEqualTo(p.matcher(s).matches());
        }
        assertThat(check.test(null)).isFalse();
    }

    @Test
    void commands() {
        sameAs("[A-Za-z][A-Za-z0-9_.:-]{0,63}", ReportNames::isCommand,
                "get", "ns.cmd:v1-x_2", "a".repeat(64), "a".repeat(65), "1abc", "with space", "user@example.com", "", "Z");
    }

    @Test
    void identifiers() {
        sameAs("[A-Za-z_][A-Za-z0-9_]{0,63}", ReportNames::isIdentifier,
                "sort", "so rt", "_x9", "9x", "x".repeat(64), "x".repeat(65), "\u00e9t\u00e9", "", "_");
    }

    @Test
    void operatorsAreIdentifiersWithAnOptionalDollarAtMost64Characters() {
        sameAs("(?=.{1,64}$)\\$?[A-Za-z_][A-Za-z0-9_]*", ReportNames::isOperator,
                "$where", "where", "$a.b", "$" + "x".repeat(63), "$" + "x".repeat(64), "$", "$$x", "$9", "unknown");
    }

    @Test
    void applicationNames() {
        sameAs("[A-Za-z0-9][A-Za-z0-9._-]{0,63}", ReportNames::isAppName,
                "orders-service", "9lives", ".hidden", "a".repeat(64), "a".repeat(65), "a+b", "");
    }

    @Test
    void versions() {
        sameAs("[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}", ReportNames::isVersion,
                "1.48.0", "1.2.0-rc1+build.5", "+1", "v".repeat(32), "v".repeat(33), "1 2", "");
    }

    @Test
    void buildTags() {
        sameAs("[A-Za-z0-9][A-Za-z0-9._-]{0,31}", ReportNames::isBuildTag,
                "ci", "release-1.2", "a+b", "t".repeat(32), "t".repeat(33), "-x", "");
    }

    @Test
    void runtimeFacts() {
        sameAs("[\\x20-\\x7E]{1,128}", ReportNames::isPrintable,
                "17.0.9", "Eclipse Adoptium", "Mac OS X", "p".repeat(128), "p".repeat(129), "tab\there", "caf\u00e9", "");
    }
}
