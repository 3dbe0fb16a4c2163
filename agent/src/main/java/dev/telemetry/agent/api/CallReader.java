package dev.telemetry.agent.api;

/**
 * Reads one call of a hooked method. Both methods are called when the call ends (returns or
 * throws), on the host's thread: they must not block, do I/O or keep references, and should not
 * allocate on the success path. What happens during the call is seen with a watched method
 * ({@link ExtensionContext#watch}).
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
