package dev.telemetry.agent.instrument;

import dev.telemetry.agent.bootstrap.Bridge;
import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.path.ValuePath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-thread frames: one count per outermost dispatch, the last reply during it, none outside. */
class DispatchRecorderTest {
    /** Site 0 dispatches; site 1 is its reply method; the reply's "code" is the argument itself. */
    private final List<Long> exits = new ArrayList<>();
    private final DispatchSite dispatch = new DispatchSite() {
        @Override
        public void record(Object command, long nanos, Throwable thrown, Object returned) {
        }

        @Override
        public void exit(Object self, Class<?> type, Object argument, Object resultArgument, String method, long nanos,
                         Throwable thrown, Object returned, long replyCode) {
            exits.add(replyCode);
        }
    };
    private final DispatchSite reply = new DispatchSite() {
        @Override
        public void record(Object command, long nanos, Throwable thrown, Object returned) {
        }

        @Override
        public long replyCode(Object self, Object argument) {
            return ((Number) argument).longValue();
        }
    };
    private final DispatchRecorder r = new DispatchRecorder(Arrays.asList(dispatch, reply), new int[]{-1, 0});

    private void exit(long start) {
        r.exit(0, null, null, null, null, "m", start, null, null);
    }

    @Test
    void aNestedCallOfTheSameHookCountsOnceWithTheLastReply() {
        long outer = r.enter(0);
        long inner = r.enter(0);
        assertThat(inner).isEqualTo(Bridge.NESTED);
        r.reply(1, null, 150);
        r.reply(1, null, 550);
        exit(inner);
        exit(outer);
        assertThat(exits).containsExactly(550L);
    }

    @Test
    void aReplyOutsideADispatchIsNotCounted() {
        r.reply(1, null, 220); // a greeting
        long start = r.enter(0);
        exit(start);
        assertThat(exits).containsExactly(ValuePath.NO_NUMBER);
    }

    @Test
    void eachThreadHasItsOwnFrame() throws Exception {
        long start = r.enter(0);
        Thread other = new Thread(() -> {
            long s = r.enter(0);
            assertThat(s).isNotEqualTo(Bridge.NESTED);
            r.reply(1, null, 421);
            r.exit(0, null, null, null, null, "m", s, null, null);
        });
        other.start();
        other.join();
        exit(start);
        assertThat(exits).containsExactly(421L, ValuePath.NO_NUMBER);
    }
}
