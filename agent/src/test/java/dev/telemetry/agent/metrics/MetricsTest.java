package dev.telemetry.agent.metrics;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {

    @Test
    void countsFailuresAndResults() {
        Metrics m = new Metrics(10, 10);
        CommandCell find = m.command("find");
        m.recordOk(find, 1_500);
        m.recordOk(find, 2_500);
        m.recordError(find, 10_000, "$where", "BadValue", 2);
        MetricsSnapshot s = m.snapshot();
        MetricsSnapshot.Command c = s.commands().get("find");
        assertThat(c.count).isEqualTo(3);
        assertThat(c.failures).isEqualTo(1);
        assertThat(c.totalNanos).isEqualTo(14_000);
        assertThat(c.histogram()[1]).isEqualTo(1);
        assertThat(c.histogram()[2]).isEqualTo(1);
        assertThat(c.histogram()[4]).isEqualTo(1);
        assertThat(s.results()).containsEntry(new ResultKey("find", "$where", "BadValue", 2), 1L)
                .containsEntry(new ResultKey("find", "unknown", "ok", ResultKey.NO_CODE), 2L)
                .hasSize(2);
    }

    @Test
    void capsFoldTheRestIntoOther() {
        Metrics m = new Metrics(2, 2);
        for (int i = 0; i < 1000; i++) {
            m.recordError(m.command("c" + i), 1, "op" + i, "E", 1);
        }
        MetricsSnapshot s = m.snapshot();
        assertThat(s.commands().keySet()).containsExactly("c0", "c1", "other");
        assertThat(s.commands().get("other").count).isEqualTo(998);
        assertThat(s.droppedCommands()).isEqualTo(998);
        assertThat(s.results()).hasSize(3).containsEntry(ResultKey.OVERFLOW, 998L);
        assertThat(s.droppedResults()).isEqualTo(998);
        assertThat(m.distinctCommands()).isEqualTo(2);
    }

    @Test
    void threadsPastTheCapsAllLandInOneOtherWithExactCounts() throws Exception {
        Metrics m = new Metrics(3, 3);
        int threads = 8;
        int each = 2_000;
        Thread[] ts = new Thread[threads];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            final int id = t;
            ts[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    // distinct names and results from every thread: the caps are reached at once, concurrently
                    m.recordError(m.command("t" + id + "c" + i), 1, "op", "E" + id + "-" + i, 1);
                }
            });
            ts[t].start();
        }
        go.countDown();
        for (Thread t : ts) {
            t.join(30_000);
        }
        MetricsSnapshot s = m.snapshot();
        long total = 0;
        for (MetricsSnapshot.Command c : s.commands().values()) {
            total += c.count;
        }
        assertThat(total).isEqualTo((long) threads * each);
        assertThat(s.commands()).hasSize(4).containsKey("other");
        assertThat(s.droppedCommands()).isEqualTo(s.commands().get("other").count).isEqualTo((long) threads * each - 3);
        assertThat(s.results().values().stream().mapToLong(Long::longValue).sum()).isEqualTo((long) threads * each);
        assertThat(s.droppedResults()).isEqualTo(s.results().get(ResultKey.OVERFLOW)).isEqualTo((long) threads * each - 3);
    }

    @Test
    void countsNeverGoDownBetweenSnapshots() throws Exception {
        Metrics m = new Metrics(10, 10);
        CommandCell cell = m.command("find");
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            long i = 0;
            while (!stop.get()) {
                if (++i % 3 == 0) {
                    m.recordError(cell, i % 5000, "$x", "E", 1);
                } else {
                    m.recordOk(cell, i % 5000);
                }
            }
        });
        writer.start();
        MetricsSnapshot prev = m.snapshot();
        for (int n = 0; n < 2000; n++) {
            MetricsSnapshot s = m.snapshot();
            MetricsSnapshot.Command a = prev.commands().get("find");
            MetricsSnapshot.Command b = s.commands().get("find");
            if (a != null) {
                assertThat(b.count).isGreaterThanOrEqualTo(a.count);
                assertThat(b.failures).isGreaterThanOrEqualTo(a.failures);
                assertThat(b.failures).isLessThanOrEqualTo(b.count);
                for (var e : prev.results().entrySet()) {
                    assertThat(s.results().get(e.getKey())).isGreaterThanOrEqualTo(e.getValue());
                }
            }
            prev = s;
        }
        stop.set(true);
        writer.join();
    }

    @Test
    void successPathAllocatesNothingOnceTheCommandIsKnown() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Metrics m = new Metrics(10, 10);
        CommandCell cell = m.command("find");
        for (int i = 0; i < 200_000; i++) { // warm up: let the JIT compile the path
            m.recordOk(m.command("find"), i);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            m.recordOk(m.command("find"), i);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated by 100k successful records").isLessThan(1024);
        assertThat(cell.histogram()[0] + cell.histogram()[1]).isPositive();
    }
}
