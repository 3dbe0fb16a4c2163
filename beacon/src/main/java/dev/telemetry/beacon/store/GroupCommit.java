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
 * Group commit: the request threads hand their reports to the ingest thread(s) and wait; an ingest
 * thread stores what has queued up meanwhile (up to {@link #MAX_BATCH}) in one transaction, and only
 * after that commit tells each waiting request its outcome, so a 201 still means the report is durable.
 * Under load a transaction (and its round trips and commit) serves many reports; alone, a report is a
 * batch of one. A batch that fails for another reason than a conflict (which {@link Ingest} retries) is
 * stored again report by report, so one bad report fails only its own request.
 * <p>
 * On PostgreSQL there may be several ingest threads (--ingest-threads), each with its own batch and
 * connection: while one waits for the server (its statements, its commit), another stores the reports
 * queued meanwhile, so the beacon and its backends can work at the same time instead of in turn. Two
 * batches in flight may touch the same run or installation (a run's successive reports, a replay): they
 * are ordered by the rows' locks and the conflict retry exactly as two beacons' batches are. They also
 * make the batches smaller, and a batch has fixed costs: measured on 2 shared cores, one thread stored
 * more reports per second even with a third of the cores idle (benchmarks/README.md), so more threads
 * are for machines with cores to spare. The embedded database keeps one thread: its transactions are the beacon's own
 * CPU work, and H2 would time a waiting row lock out.
 * <p>
 * Before a batch is stored it waits, for at most {@link #GATHER_NANOS}, until it holds as many reports
 * as were being handled at once lately ({@link #arrive}: from a body read to its answer, the most at
 * one time in the last {@link #WINDOW_NANOS} or the one before): with a few busy clients a batch then
 * holds one report of each instead of the one or two that happened to be queued (they fall into
 * step, half of them waiting while the other half's batch is stored), and the transaction's fixed
 * costs (its row reads, the pending additions' row, the commit, that row's fold) are shared by more
 * reports. With one client at a time, a report is stored at once. For the embedded database, whose
 * transactions are the beacon's own CPU work, and on PostgreSQL with several ingest threads, each of
 * which waits for its share of those reports (another thread's transaction runs meanwhile). Not with
 * one thread on PostgreSQL, where a transaction mostly waits for the server and the reports parsed
 * meanwhile are the next batch (measured: waiting there made the beacon and PostgreSQL take turns,
 * and lowered the rate).
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
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;
    private final AtomicInteger largestBatch = new AtomicInteger();
    /** Reports being handled ({@link #arrive} to {@link Arrival#close}), and the most at once in this window and the one before. */
    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private int previousPeak;
    private long windowEnds;

    private final boolean gathers;

    /**
     * {@code gathers}: batches wait for the reports being handled (see above); the embedded database's.
     * {@code pipelines}: ingest threads, each storing its own batches (see above).
     */
    GroupCommit(Ingest ingest, boolean gathers, int pipelines) {
        if (pipelines < 1) {
            throw new IllegalArgumentException("pipelines must be at least 1, not " + pipelines);
        }
        this.ingest = ingest;
        this.gathers = gathers;
        for (int i = 0; i < pipelines; i++) {
            Thread t = new Thread(this::work, pipelines == 1 ? "beacon-ingest" : "beacon-ingest-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /**
     * {@code pipelines} ingest threads on PostgreSQL (--ingest-threads), one on the embedded database
     * (see above). Batches gather on the embedded database, and on PostgreSQL with more than one thread.
     */
    static GroupCommit of(Ingest ingest, Database db, int pipelines) {
        if (db.embedded() && pipelines != 1) {
            throw new IllegalArgumentException("the embedded database takes one ingest thread, not " + pipelines);
        }
        return new GroupCommit(ingest, db.embedded() || pipelines > 1, pipelines);
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
                largestBatch.accumulateAndGet(batch.size(), Math::max);
                store(batch);
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                batch.forEach(w -> w.outcome().completeExceptionally(t));
            } finally {
                batch.clear();
            }
        }
        queue.drainTo(batch); // each thread once it stops: whatever is left when the last one does fails
        batch.forEach(w -> w.outcome().completeExceptionally(new SQLException("the store is closed")));
    }

    /** Adds reports to the batch as they are queued until it holds the recent concurrency's, for at most {@link #GATHER_NANOS}. */
    private void gather(List<Waiting> batch) throws InterruptedException {
        if (!gathers) {
            return;
        }
        long now = System.nanoTime();
        int pipelines = workers.size();
        int want = Math.min(MAX_BATCH, (wanted(now) + pipelines - 1) / pipelines); // each thread its share
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

    /** The most reports handled at once in this window and the one before (the window moved on when it is over). */
    private synchronized int wanted(long now) {
        if (now - windowEnds >= 0) {
            previousPeak = peak.getAndSet(handled.get());
            windowEnds = now + WINDOW_NANOS;
        }
        return Math.max(previousPeak, peak.get());
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

    /** Reports waiting for an ingest thread. */
    int queued() {
        return queue.size();
    }

    /** The most reports one transaction was asked to store so far. */
    int largestBatch() {
        return largestBatch.get();
    }

    /** The ingest threads. */
    int pipelines() {
        return workers.size();
    }

    /**
     * Stops taking reports; the batches being stored (one per ingest thread) are finished and answered
     * first, the ones still queued fail.
     */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (Thread t : workers) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
