package dev.telemetry.agent.instrument;

import dev.telemetry.agent.bootstrap.Bridge;
import dev.telemetry.agent.bootstrap.Recorder;
import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.path.ValuePath;

import java.util.List;

/**
 * Routes the bridge's calls to the site of each hook, by the site number bound into the advice.
 * Framed hooks keep, per thread, whether their dispatch is running and the code of the last reply
 * written during it: one small object per thread, allocated once.
 */
public final class DispatchRecorder extends Recorder {
    private final DispatchSite[] sites;
    /** For a reply hook, the site of the dispatch it belongs to; -1 for the others. */
    private final int[] replyOwner;
    private final ThreadLocal<Frame> frames;

    /** Per thread: which framed hooks are running, and the last reply code of each. */
    private static final class Frame {
        final boolean[] running;
        final long[] reply;

        Frame(int sites) {
            running = new boolean[sites];
            reply = new long[sites];
        }
    }

    /** Puts a recorder for the table's sites behind the bridge (once the bridge is in the boot loader). */
    static void install(HookTable table) {
        Bridge.install(new DispatchRecorder(table.sites(), table.replyOwners()));
    }

    public DispatchRecorder(List<DispatchSite> sites) {
        this(sites, null);
    }

    DispatchRecorder(List<DispatchSite> sites, int[] replyOwner) {
        this.sites = sites.toArray(new DispatchSite[0]);
        this.replyOwner = replyOwner != null ? replyOwner.clone() : new int[this.sites.length];
        if (replyOwner == null) {
            java.util.Arrays.fill(this.replyOwner, -1);
        }
        final int n = this.sites.length;
        this.frames = new ThreadLocal<Frame>() { // not a lambda: built on the premain thread
            @Override
            protected Frame initialValue() {
                return new Frame(n);
            }
        };
    }

    @Override
    public void record(int site, Object command, long startNanos, Throwable thrown, Object returned) {
        long nanos = System.nanoTime() - startNanos;
        DispatchSite[] s = sites;
        if (site >= 0 && site < s.length) {
            s[site].record(command, nanos, thrown, returned);
        }
    }

    @Override
    public Object override(int site, Object command, Object argument) {
        DispatchSite[] s = sites;
        return site >= 0 && site < s.length ? s[site].override(command, argument) : null;
    }

    @Override
    public long enter(int site) {
        if (site < 0 || site >= sites.length) {
            return Bridge.NESTED;
        }
        Frame f = frames.get();
        if (f.running[site]) {
            return Bridge.NESTED;
        }
        f.running[site] = true;
        f.reply[site] = ValuePath.NO_NUMBER;
        return System.nanoTime();
    }

    @Override
    public void exit(int site, Object self, Class<?> type, Object argument, Object resultArgument, String method,
                     long startNanos, Throwable thrown, Object returned) {
        if (startNanos == Bridge.NESTED) {
            return;
        }
        long nanos = System.nanoTime() - startNanos;
        Frame f = frames.get();
        f.running[site] = false;
        long reply = f.reply[site];
        sites[site].exit(self, type, argument, resultArgument, method, nanos, thrown, returned, reply);
    }

    @Override
    public void replyNumber(int site, long code) {
        if (site < 0 || site >= sites.length) {
            return;
        }
        int owner = replyOwner[site];
        if (owner < 0) {
            return;
        }
        Frame f = frames.get();
        if (f.running[owner]) {
            f.reply[owner] = code;
        }
    }

    @Override
    public void reply(int site, Object self, Object argument) {
        if (site < 0 || site >= sites.length) {
            return;
        }
        int owner = replyOwner[site];
        if (owner < 0) {
            sites[site].replyCode(self, argument); // a watched method (an extension's): seen, never counted here
            return;
        }
        Frame f = frames.get();
        if (!f.running[owner]) {
            return; // a reply outside a dispatch (a keep-alive, a greeting): not ours to count
        }
        long code = sites[site].replyCode(self, argument);
        if (code != ValuePath.NO_NUMBER) {
            f.reply[owner] = code;
        }
    }
}
