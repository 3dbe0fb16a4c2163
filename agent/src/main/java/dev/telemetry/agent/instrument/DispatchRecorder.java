package dev.telemetry.agent.instrument;

import dev.telemetry.agent.bootstrap.Recorder;
import dev.telemetry.agent.profile.DispatchSite;

import java.util.List;

/** Routes the bridge's calls to the site of each hook, by the site number bound into the advice. */
public final class DispatchRecorder extends Recorder {
    private final DispatchSite[] sites;

    public DispatchRecorder(List<DispatchSite> sites) {
        this.sites = sites.toArray(new DispatchSite[0]);
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
}
