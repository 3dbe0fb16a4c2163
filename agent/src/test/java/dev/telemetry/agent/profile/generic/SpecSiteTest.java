package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.metrics.MetricsSnapshot;
import dev.telemetry.agent.metrics.ResultKey;
import dev.telemetry.agent.profile.path.ValuePath;
import dev.telemetry.agent.profile.spec.HookSpec;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One hook's reading of calls, on the site itself (the forked-JVM tests run the same through the advice). */
class SpecSiteTest {
    public static final class Reply {
        private final int code;

        Reply(int code) {
            this.code = code;
        }

        public int getCode() {
            return code;
        }
    }

    private final Metrics metrics = new Metrics(100, 100);

    private SpecSite site(String... keyValues) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("target", "a.B#c");
        for (int i = 0; i < keyValues.length; i += 2) {
            keys.put(keyValues[i], keyValues[i + 1]);
        }
        HookSpec spec = HookSpec.of("h", "test hook", keys, null);
        return new SpecSite(spec, metrics, new HookStats("h"), () -> getClass().getClassLoader());
    }

    private Map<ResultKey, Long> results() {
        MetricsSnapshot s = metrics.snapshot();
        return s.results();
    }

    @Test
    void aVocabularyKeepsEverythingElseUnknown() {
        SpecSite s = site("vocabulary", "get;put", "command-case", "lower");
        s.record("GET", 10, null, null);
        s.record("client-42", 10, null, null);
        assertThat(results()).containsEntry(new ResultKey("get", "unknown", "ok", ResultKey.NO_CODE), 1L)
                .containsEntry(new ResultKey("unknown", "unknown", "ok", ResultKey.NO_CODE), 1L);
        assertThat(s.stats.unknownCount(HookStats.Unknown.NOT_IN_VOCABULARY)).isEqualTo(1);
        assertThat(s.stats.describe().toString()).doesNotContain("client-42").contains("calls: 2");
    }

    @Test
    void theFirstWordOfALineWithoutKeepingTheLine() {
        SpecSite s = site("command-regex", "^\\s*(\\S+)", "command-case", "upper", "vocabulary", "RCPT;MAIL");
        s.record("rcpt TO:<secret@example.com>", 10, null, null);
        s.record("RCPT TO:<other@example.com>", 10, null, null);
        s.record("XSECRET foo", 10, null, null);
        assertThat(results()).containsEntry(new ResultKey("RCPT", "unknown", "ok", ResultKey.NO_CODE), 2L)
                .containsEntry(new ResultKey("unknown", "unknown", "ok", ResultKey.NO_CODE), 1L);
    }

    @Test
    void aReplyCodeDecidesAndNamesTheFailure() {
        SpecSite s = site("fail-when", ">= 400", "error-names", "table:550=FileUnavailable", "reply", "a.S#write");
        s.exit(null, null, "RETR", null, null, 10, null, null, 550);
        s.exit(null, null, "RETR", null, null, 10, null, null, 226);
        s.exit(null, null, "RETR", null, null, 10, null, null, 530);
        assertThat(results()).containsEntry(new ResultKey("RETR", "unknown", "FileUnavailable", 550), 1L)
                .containsEntry(new ResultKey("RETR", "unknown", "unknown", 530), 1L)
                .containsEntry(new ResultKey("RETR", "unknown", "ok", ResultKey.NO_CODE), 1L);
        assertThat(s.stats.replies.sum()).isEqualTo(3);
    }

    @Test
    void minusOneIsACodeNotTheAbsenceOfOne() {
        SpecSite s = site("error-code", "return.getCode()", "fail-when", "< 0");
        s.record("delete", 10, null, new Reply(-1));
        s.record("delete", 10, null, new Reply(0));
        assertThat(results()).containsEntry(new ResultKey("delete", "unknown", "unknown", -1), 1L)
                .containsEntry(new ResultKey("delete", "unknown", "ok", ResultKey.NO_CODE), 1L);
    }

    @Test
    void onlyAcceptedNamesAreRemembered() {
        SpecSite s = site("vocabulary", "get;put");
        for (int i = 0; i < 5000; i++) {
            s.record("client" + i, 10, null, null);   // a client's strings: never kept
            s.record(100_000 + i, 10, null, null);   // numbers without names: never kept
        }
        assertThat(s.commands.remembered()).isZero();
        s.record("get", 10, null, null);
        assertThat(s.commands.remembered()).isEqualTo(1);
        assertThat(metrics.snapshot().commands().get("get").count).isEqualTo(1);
    }

    @Test
    void aClientsMegabyteLineIsCutFromItsStart() {
        SpecSite s = site("command-regex", "^\\s*([A-Z]+)", "vocabulary", "DATA");
        s.record("DATA " + "x".repeat(1 << 20), 10, null, null);
        s.record("x".repeat(300) + " DATA", 10, null, null);   // not within the first 256 characters
        assertThat(results()).containsEntry(new ResultKey("DATA", "unknown", "ok", ResultKey.NO_CODE), 1L)
                .containsEntry(new ResultKey("unknown", "unknown", "ok", ResultKey.NO_CODE), 1L);
    }

    @Test
    void aNullCommandIsNotADispatch() {
        SpecSite s = site();
        s.record(null, 10, null, null);
        assertThat(metrics.snapshot().commands()).isEmpty();
        assertThat(s.stats.notDispatch.sum()).isEqualTo(1);
    }

    @Test
    void anOtherObjectIsNeverTurnedIntoText() {
        SpecSite s = site();
        Object secret = new Object() {
            @Override
            public String toString() {
                return "secret";
            }
        };
        s.record(secret, 10, null, null);
        assertThat(metrics.snapshot().commands()).containsOnlyKeys("unknown");
        assertThat(s.stats.unknownCount(HookStats.Unknown.NOT_A_NAME)).isEqualTo(1);
    }

    @Test
    void numbersNeedNames() {
        SpecSite s = site("command-names", "table:1=create;2=delete");
        s.record(2, 10, null, null);
        s.record(9, 10, null, null);
        assertThat(metrics.snapshot().commands()).containsOnlyKeys("delete", "unknown");
        assertThat(s.stats.unknownCount(HookStats.Unknown.NOT_A_NAME)).isEqualTo(1);
    }
}
