package dev.telemetry.agent.entry;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The JVM's entry points. Kept tiny: {@code premain} ({@code -javaagent}) and {@code agentmain}
 * (attach) share one start path, and nothing may escape to the host, not even an Error, because a
 * failing agent must never stop the application from starting.
 * <p>
 * The start path is called through {@link AgentClassLoader}, by name: naming {@link AgentStarter} here
 * would load it, and everything it uses, through the application class loader.
 */
public final class AgentEntry {
    private static final String STARTER = "dev.telemetry.agent.entry.AgentStarter";

    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            Class.forName(STARTER, true, AgentClassLoader.of(AgentEntry.class))
                    .getMethod("start", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, args, inst, attached);
        } catch (Throwable t) {
            try {
                Throwable cause = t instanceof InvocationTargetException && t.getCause() != null ? t.getCause() : t;
                System.err.println("[telemetry-agent] ERROR the agent could not start (" + cause
                        + "); telemetry is off and the application runs unchanged");
            } catch (Throwable ignored) {
                // nothing more we can do without risking the host
            }
        }
    }
}
