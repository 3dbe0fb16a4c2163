package dev.telemetry.beacon.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Group commit: the request threads hand their reports to one ingest thread and wait; it stores what
 * has queued up meanwhile (up to {@link #MAX_BATCH}) in one transaction, and only after that commit
 * tells each waiting request its outcome, so a 201 still means the report is durable. Under load a
 * transaction (and its round trips and commit) serves many reports; alone, a report is a batch of one.
 * A batch that fails for another reason than a conflict (which {@link Ingest} retries) is stored again
 * report by report, so one bad report fails only its own request.
 * <p>
 * Before a batch is stored it waits, for at most {@link #GATHER_NANOS}, until it holds as many reports
 * as were being handled at once lately ({@link #arrive}: from a body read to its answer, the most at
 * one time in the last {@link #WINDOW_NANOS} or the one before): with a few busy clients a batch then
 * holds one report of each instead of the one or two that happened to be queued (they fall into
 * step, half of them waiting while the other half's batch is stored), and the transaction's fixed
 * costs (its row reads, the pending additions' row, the commit, that row's fold) are shared by more
 * reports. With one client at a time, a report is stored at once. Only for the embedded database,
 * whose transactions are the beacon's own CPU work: on PostgreSQL a transaction mostly waits for the
 * server, and the reports parsed meanwhile are the next batch (measured: waiting there made the
 * beacon and PostgreSQL take turns, and lowered the rate).
 */
final class GroupCommit implements AutoCloseable {
    /** Reports per transaction, at most: bounds a transaction's locks and a statement's IN list. */
    static final int MAX_BATCH = 64;
    /** How long a batch waits at most for more reports: a round trip and the parsing of a few reports. */
    static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long the most reports handled at once counts as the current concurrency. */
    static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private record Waiting(Ingest.Item item, CompletableFuture<Store.Outcome> outcome) {}

    private final Ingest ingest;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean closed;
    private volatile int largestBatch;
    /** Reports being handled ({@link #arrive} to {@link Arrival#close}), and the most at once in this window and the one before. */
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private int previousPeak;
    private long windowEnds;

    private final boolean gathers;

    /** {@code gathers}: batches wait for the reports being handled (see above); the embedded database's. */
    GroupCommit(Ingest ingest, boolean gathers) {
        this.ingest = ingest;
        this.gathers = gathers;
        this.worker = new Thread(this::work, "beacon-ingest");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * A report on its way (its body read, being parsed): counted in the concurrency batches wait for.
     * Closed once it is answered, stored ({@link Arrival#ingest}) or refused.
     */
    Arrival arrive() {
        int n = handled.incrementAndGet();
        peak.accumulateAndGet(n, Math::max);
        return new Arrival();
    }

    /** A report announced to the group commit; see {@link #arrive}. */
    final class Arrival implements AutoCloseable {
        private boolean open = true;

        /** Stores the report as {@link GroupCommit#ingest} does. */
        Store.Outcome ingest(Ingest.Item item) throws SQLException {
            return GroupCommit.this.ingest(item);
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                handled.decrementAndGet();
            }
        }
    }

    /** Stores the report; committed when this returns. */
    Store.Outcome ingest(Ingest.Item item) throws SQLException {
        Waiting w = new Waiting(item, new CompletableFuture<>());
        queue.add(w);
        if (closed && queue.remove(w)) { // the worker may have drained the queue for the last time already
            throw new SQLException("the store is closed");
        }
        try {
            return w.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while the report was stored (it may be stored)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void work() {
        List<Waiting> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                // polled, not interrupted out of take(): an interrupt would close H2's file channel under a transaction
                Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                gather(batch);
                largestBatch = Math.max(largestBatch, batch.size());
                store(batch);
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                batch.forEach(w -> w.outcome().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
        queue.drainTo(batch);
        batch.forEach(w -> w.outcome().completeExceptionally(new SQLException("the store is closed")));
    }

    /** Adds reports to the batch as they are queued until it holds the recent concurrency's, for at most {@link #GATHER_NANOS}. */
    private void gather(List<Waiting> batch) throws InterruptedException {
        if (!gathers) {
            return;
        }
        long now = System.nanoTime();
        if (now - windowEnds >= 0) {
            previousPeak = peak.getAndSet(handled.get());
            windowEnds = now + WINDOW_NANOS;
        }
        int want = Math.min(MAX_BATCH, Math.max(previousPeak, peak.get()));
        long deadline = now + GATHER_NANOS;
        while (batch.size() < want) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Waiting w = queue.poll(left, TimeUnit.NANOSECONDS);
            if (w != null) {
                batch.add(w);
                queue.drainTo(batch, MAX_BATCH - batch.size());
            }
        }
    }

    private void store(List<Waiting> batch) {
        List<Ingest.Item> items = new ArrayList<>(batch.size());
        batch.forEach(w -> items.add(w.item()));
        try {
            List<Store.Outcome> outcomes = ingest.ingest(items);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).outcome().complete(outcomes.get(i));
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).outcome().completeExceptionally(e);
                return;
            }
            for (Waiting w : batch) {
                try {
                    w.outcome().complete(ingest.ingest(List.of(w.item())).get(0));
                } catch (SQLException | RuntimeException one) {
                    w.outcome().completeExceptionally(one);
                }
            }
        }
    }

    /** Reports waiting for the ingest thread. */
    int queued() {
        return queue.size();
    }

    /** The most reports one transaction was asked to store so far. */
    int largestBatch() {
        return largestBatch;
    }

    /** Stops taking reports; the batch being stored is finished first, the ones still queued fail. */
    @Override
    public void close() {
        closed = true;
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
