package dev.telemetry.agent.entry;

import java.lang.instrument.Instrumentation;

/**
 * The JVM's entry points. Kept tiny: {@code premain} ({@code -javaagent}) and {@code agentmain}
 * (attach) share one start path, and nothing may escape to the host, not even an Error, because a
 * failing agent must never stop the application from starting.
 */
public final class AgentEntry {
    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            AgentStarter.start(args, inst, attached);
        } catch (Throwable t) {
            try {
                System.err.println("[telemetry-agent] ERROR the agent could not start (" + t
                        + "); telemetry is off and the application runs unchanged");
            } catch (Throwable ignored) {
                // nothing more we can do without risking the host
            }
        }
    }
}
