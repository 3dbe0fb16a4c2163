package dev.telemetry.agent.report;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.state.TelemetryControl;
import dev.telemetry.agent.state.TelemetryState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The schedule. One daemon thread that sleeps until the next report is due or the state changes:
 * <ul>
 * <li>disabled: nothing, no connection, no file;</li>
 * <li>undecided: nothing is sent until {@code undecided-delay} after start (the would-be report is
 * written to {@code telemetry.json} at once); then it reports like enabled;</li>
 * <li>enabled: a first report at once, then every {@code report-interval};</li>
 * <li>a failure is retried with exponential backoff and jitter, capped at the interval, with one
 * warning per outage.</li>
 * </ul>
 */
public final class Reporter implements TelemetryControl.Listener {
    private static final long FIRST_RETRY_MILLIS = 1000;

    private final TelemetryControl control;
    private final ReportSource source;
    private final ReportClient client; // null: dry run
    private final boolean noUrl;
    private boolean saidNoUrl;
    private final LocalReportFile file;
    private final VersionNotice notice;
    private final long startNanos;
    private final Duration undecidedDelay;
    private final Duration interval;
    private final Duration timeout;
    private final Object lock = new Object();

    private long nextDueNanos;          // guarded by lock
    private boolean changed;            // guarded by lock
    private int failures;
    private boolean everSent;
    private volatile Instant lastReport;
    private volatile Instant nextReport;
    private volatile String lastResult = "none yet";

    public Reporter(TelemetryControl control, ReportSource source, ReportClient client, boolean noUrl, LocalReportFile file,
                    VersionNotice notice, long startNanos, Duration undecidedDelay, Duration interval, Duration timeout) {
        this.control = control;
        this.source = source;
        this.client = client;
        this.noUrl = noUrl;
        this.file = file;
        this.notice = notice;
        this.startNanos = startNanos;
        this.undecidedDelay = undecidedDelay;
        this.interval = interval;
        this.timeout = timeout;
        this.nextDueNanos = System.nanoTime();
    }

    public void start() {
        control.addListener(this);
        Thread t = new Thread(this::run, "telemetry-agent-reporter");
        t.setDaemon(true);
        t.start();
        Thread hook = new Thread(this::finalReport, "telemetry-agent-shutdown");
        hook.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the host is already exiting (it ran for less than start-delay): no final report to make
        }
    }

    @Override
    public void stateChanged(TelemetryState state) {
        if (state == TelemetryState.DISABLED) {
            notice.clear();
        }
        synchronized (lock) {
            if (state == TelemetryState.ENABLED) {
                nextDueNanos = System.nanoTime(); // enabled early: the report goes out now
                failures = 0;
            }
            changed = true;
            lock.notifyAll();
        }
    }

    private void run() {
        boolean previewWritten = false;
        while (true) {
            try {
                TelemetryState state = control.state();
                long now = System.nanoTime();
                long wakeAt;
                if (state == TelemetryState.DISABLED) {
                    file.delete();
                    nextReport = null;
                    previewWritten = false;
                    wakeAt = Long.MAX_VALUE;
                } else {
                    long due;
                    synchronized (lock) {
                        due = nextDueNanos;
                    }
                    if (state == TelemetryState.UNDECIDED) {
                        due = Math.max(due, startNanos + undecidedDelay.toNanos());
                    }
                    if (now - due >= 0) {
                        report(state);
                        continue;
                    }
                    nextReport = Instant.now().plusNanos(due - now);
                    if (state == TelemetryState.UNDECIDED && !previewWritten) {
                        // readable before anything is sent
                        file.write("not sent yet: telemetry is undecided; this report would be sent at "
                                + nextReport + " unless telemetry is disabled", source.preview());
                        previewWritten = true;
                    }
                    wakeAt = due;
                }
                await(wakeAt);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentLog.warn("the reporter failed (" + t + "); it tries again after the interval");
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void await(long wakeAtNanos) throws InterruptedException {
        synchronized (lock) {
            while (!changed) {
                long left = wakeAtNanos == Long.MAX_VALUE ? 0 : wakeAtNanos - System.nanoTime();
                if (wakeAtNanos != Long.MAX_VALUE && left <= 0) {
                    break;
                }
                long ms = wakeAtNanos == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000);
                lock.wait(ms);
            }
            changed = false;
        }
    }

    private void report(TelemetryState state) {
        byte[] report = source.next();
        Instant at = Instant.now();
        lastReport = at;
        long next;
        if (client == null) {
            if (noUrl && !saidNoUrl) {
                saidNoUrl = true;
                AgentLog.info("no url is configured: reports are written to " + file.file() + " and never sent");
            }
            file.write("dry run: written at " + at + ", not sent", report);
            AgentLog.info("dry-run report: " + new String(report, StandardCharsets.UTF_8));
            lastResult = "dry run at " + at;
            next = interval.toNanos();
        } else {
            try {
                Reply reply = client.send(report);
                if (control.state() != TelemetryState.DISABLED) { // disabled meanwhile: forget the answer
                    notice.update(reply);
                }
                file.write("sent at " + at, report);
                lastResult = "sent at " + at;
                if (!everSent) {
                    AgentLog.info("first report sent to " + client.host()
                            + (failures > 0 ? " after " + failures + " failed attempts" : ""));
                } else if (failures > 0) {
                    AgentLog.info("reports to " + client.host() + " are delivered again after " + failures + " failed attempts");
                }
                everSent = true;
                failures = 0;
                next = interval.toNanos();
            } catch (IOException | RuntimeException e) {
                failures++;
                next = backoffNanos(failures);
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                if (failures == 1) {
                    AgentLog.warn("report to " + client.host() + " failed (" + why + "); retrying with backoff, counts are kept");
                }
                lastResult = "failed at " + at + ": " + why;
                file.write("failed at " + at + " (" + why + "); next attempt at " + Instant.now().plusNanos(next), report);
            }
        }
        synchronized (lock) {
            nextDueNanos = System.nanoTime() + next;
        }
    }

    /** 1 s, 2 s, 4 s, ... capped at the interval, each with jitter down to half. */
    long backoffNanos(int attempt) {
        long base = FIRST_RETRY_MILLIS * (1L << Math.min(attempt - 1, 30));
        long capped = Math.min(base, interval.toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Math.max(1, jittered) * 1_000_000L;
    }

    /** At JVM exit: one last report, only when enabled, never delaying exit beyond the timeout. */
    private void finalReport() {
        if (client == null || control.state() != TelemetryState.ENABLED) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                client.send(source.next());
            } catch (IOException | RuntimeException e) {
                // the process is going away; nothing more to do
            }
        }, "telemetry-agent-final-report");
        t.setDaemon(true);
        t.start();
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Instant lastReport() { return lastReport; }
    public Instant nextReport() { return nextReport; }
    public String lastResult() { return lastResult; }
}
