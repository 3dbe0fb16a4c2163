package dev.telemetry.agent.profile.generic;

import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.profile.Profile;

import java.util.List;
import java.util.Set;

/**
 * The agent's own thread that prints what hooks found on the host's threads (which never write to
 * stderr themselves), and, once {@code hook-check-delay} has passed, names every hook whose classes
 * have not loaded, for the profiles that were named or are in use.
 */
public final class HookWatch {
    static final long POLL_MILLIS = 500;

    private HookWatch() {}

    /** {@code startNanos}: the agent's start, from which {@code checkMillis} counts. */
    public static void start(final List<Profile> profiles, final Set<Profile> explicit, final long startNanos, final long checkMillis) {
        boolean any = false;
        for (Profile p : profiles) {
            any |= !p.hookStats().isEmpty();
        }
        if (!any) {
            return;
        }
        Thread t = new Thread(new Runnable() { // not a lambda: the agent's start thread may be the first to use one
            @Override
            public void run() {
                HookWatch.run(profiles, explicit, startNanos, checkMillis);
            }
        }, "telemetry-agent-hooks");
        t.setDaemon(true);
        t.start();
    }

    private static void run(List<Profile> profiles, Set<Profile> explicit, long started, long checkMillis) {
        boolean checked = false;
        try {
            while (true) {
                Thread.sleep(POLL_MILLIS);
                for (Profile p : profiles) {
                    for (HookStats s : p.hookStats()) {
                        s.takeUnprinted().forEach(AgentLog::warn);
                    }
                }
                if (!checked && (System.nanoTime() - started) / 1_000_000 >= checkMillis) {
                    checked = true;
                    for (Profile p : profiles) {
                        if (!p.active() && !explicit.contains(p)) {
                            continue;
                        }
                        for (HookStats s : p.hookStats()) {
                            if (s.classCount() == 0) {
                                AgentLog.warn(s.label + ": no class it names has loaded " + (checkMillis / 1000) + " s after start;"
                                        + " check the target's class name (status <pid> shows every hook)");
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            AgentLog.warn("the hook watch stopped (" + e + ")");
        }
    }
}
