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
    /**
     * One for the JVM: a second start (the agent given twice, or attached after {@code -javaagent})
     * reaches the same start path, which refuses it, without a second copy of the agent's classes.
     */
    private static ClassLoader loader;

    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            loader = AgentClassLoader.of(AgentEntry.class);
        }
        return loader;
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            Class.forName(STARTER, true, loader())
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
