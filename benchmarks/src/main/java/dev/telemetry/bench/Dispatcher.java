package dev.telemetry.bench;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The benchmark's "server": one dispatch method, {@link #handle(String)}, which the agents time.
 *
 * <p>Its body is deliberately tiny so that what the benchmark measures around it is the agents'
 * cost, not the method's: the success path returns a reply allocated once, the error path throws an
 * exception allocated once, without a stack trace, so neither allocates nor fills in a trace per call.
 *
 * <p>{@code handle} is kept out of line ({@link CompilerControl.Mode#DONT_INLINE}) in every
 * configuration alike: a real server's dispatch method is far too large to be inlined into its
 * caller, and this way the JIT cannot fold the empty method away in the plain run while the
 * instrumented runs keep a call, which would inflate the "added cost". The call itself is part of
 * the plain baseline and cancels out of "instrumented - plain".
 */
public class Dispatcher {
    public static final String FAIL = "fail";

    /** Thrown for the command "fail"; preallocated, no stack trace, no suppression. */
    public static final class DispatchException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DispatchException(String message) {
            super(message, null, false, false);
        }
    }

    private final Object reply = new Object();
    private final DispatchException failure = new DispatchException("command failed");

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public Object handle(String command) {
        if (FAIL.equals(command)) {
            throw failure;
        }
        return reply;
    }
}
