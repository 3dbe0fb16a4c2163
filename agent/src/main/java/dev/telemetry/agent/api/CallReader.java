package dev.telemetry.agent.api;

/**
 * Reads one call of a hooked method. Both methods run on the host's thread while it dispatches:
 * they must not block, do I/O or keep references, and should not allocate on the success path.
 */
public interface CallReader {
    /**
     * The call's command, or null when the call is not a dispatch (it is then not counted). A name
     * that fails validation is recorded as {@code unknown}; never return client data.
     */
    String command(Object self, Object argument);

    /**
     * Null when the call succeeded. The default: a thrown exception fails, named by its class.
     */
    default Failure failure(Object self, Object argument, Object returned, Throwable thrown) {
        return thrown == null ? null : Failure.of(thrown.getClass().getSimpleName(), Failure.NO_CODE);
    }
}
