package dev.telemetry.agent.api;

/**
 * Sees the calls of a watched method (on whatever thread they run): not timed, not counted. For
 * failures a dispatch learns about later, e.g. a refusal written by another thread; report them with
 * {@link ExtensionContext#failedLater}. The same rules as {@link CallReader}: no blocking, no I/O.
 */
public interface CallWatcher {
    void called(Object self, Object argument);
}
