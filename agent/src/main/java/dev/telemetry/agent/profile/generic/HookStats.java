package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.metrics.CommandCell;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one hook has seen, for checking a profile ({@code status <pid>}): calls, how many gave
 * {@code unknown} and why, replies matched, the classes and methods instrumented, the commands
 * recorded, and the problems found on the way (a getter missing on a runtime class, say).
 */
public final class HookStats {
    static final int MAX_NAMES = 64;
    static final int MAX_PROBLEMS = 16;
    static final int SHOWN_CLASSES = 8;

    public enum Unknown {
        PATH_FAILED("path failed"), NOT_IN_VOCABULARY("not in the vocabulary"), INVALID_NAME("invalid name"),
        NOT_A_NAME("not a name (an object, or a number without names)");

        final String words;

        Unknown(String words) {
            this.words = words;
        }
    }

    public final String label;
    final LongAdder notDispatch = new LongAdder();
    final LongAdder[] unknown = new LongAdder[Unknown.values().length];
    final LongAdder replies = new LongAdder();
    final LongAdder failures = new LongAdder();
    private final Set<CommandCell> cells = ConcurrentHashMap.newKeySet();
    private final Set<String> classes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger methods = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger problemCount = new AtomicInteger();
    /** Problems not yet printed: the host's thread never writes to stderr itself. */
    private final ConcurrentLinkedQueue<String> unprinted = new ConcurrentLinkedQueue<>();

    public HookStats(String label) {
        this.label = label;
        for (int i = 0; i < unknown.length; i++) {
            unknown[i] = new LongAdder();
        }
    }

    /**
     * A command this hook recorded. Calls are counted by these cells (no counter of its own on the
     * success path), so a name that another hook records too is counted for both.
     */
    public void recorded(CommandCell cell) {
        if (cells.size() < MAX_NAMES) {
            cells.add(cell);
        }
    }

    /** A call that was not a dispatch (its command was null). */
    public void notDispatched() {
        notDispatch.increment();
    }

    /** A failed dispatch. */
    public void failed() {
        failures.increment();
    }

    /** A call whose command is {@code unknown}, and why. */
    public void unknown(Unknown why) {
        unknown[why.ordinal()].increment();
    }

    /** A class of the hook was instrumented, with this many methods. */
    public void instrumented(String className, int methodCount) {
        if (classes.size() < MAX_NAMES) {
            classes.add(className);
        }
        methods.addAndGet(methodCount);
    }

    public int classCount() {
        return classes.size();
    }

    /** A problem, remembered for the status and printed once by the agent's own thread. */
    public void problem(String line) {
        if (problemCount.incrementAndGet() <= MAX_PROBLEMS) {
            problems.add(line);
            unprinted.add(line);
        }
    }

    /** Lines not printed yet; each is handed out once. */
    public List<String> takeUnprinted() {
        List<String> out = new ArrayList<>();
        for (String s; (s = unprinted.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    /** Calls that gave a name, plus those that gave unknown. */
    public long calls() {
        long n = 0;
        for (CommandCell c : cells) {
            n += c.count();
        }
        for (LongAdder u : unknown) {
            n += u.sum();
        }
        return n;
    }

    public long unknownCount(Unknown why) {
        return unknown[why.ordinal()].sum();
    }

    /** The status lines of this hook. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        long unknownTotal = 0;
        StringBuilder reasons = new StringBuilder();
        for (Unknown u : Unknown.values()) {
            long n = unknown[u.ordinal()].sum();
            unknownTotal += n;
            if (n > 0) {
                reasons.append(reasons.length() == 0 ? "" : ", ").append(u.words).append(' ').append(n);
            }
        }
        out.add(label);
        List<String> shown = new ArrayList<>(new TreeSet<>(classes));
        String more = shown.size() > SHOWN_CLASSES ? " and " + (shown.size() - SHOWN_CLASSES) + " more" : "";
        out.add("  instrumented: " + classes.size() + " class(es), " + methods.get() + " method(s)"
                + (classes.isEmpty() ? " (no class loaded yet)"
                : " " + shown.subList(0, Math.min(SHOWN_CLASSES, shown.size())) + more));
        out.add("  calls: " + calls() + ", failed " + failures.sum() + ", unknown " + unknownTotal
                + (reasons.length() > 0 ? " (" + reasons + ")" : "") + ", not a dispatch " + notDispatch.sum()
                + ", with a reply " + replies.sum());
        List<String> sorted = new ArrayList<>();
        for (CommandCell c : cells) {
            sorted.add(c.name());
        }
        Collections.sort(sorted);
        out.add("  commands: " + (sorted.isEmpty() ? "-" : String.join(", ", sorted)));
        for (String p : problems) {
            out.add("  problem: " + p);
        }
        return out;
    }
}
