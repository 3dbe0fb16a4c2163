package dev.telemetry.bench;

import java.lang.instrument.Instrumentation;

/** An agent whose premain does nothing: what any {@code -javaagent:} costs a JVM, the floor of the startup figures. */
public final class EmptyAgent {
    private EmptyAgent() {}

    public static void premain(String args, Instrumentation inst) {
        // nothing
    }
}
