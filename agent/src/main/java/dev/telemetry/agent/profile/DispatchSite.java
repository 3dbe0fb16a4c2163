package dev.telemetry.agent.profile;

/** How one instrumented method's dispatches are read and recorded. Called on the host's thread. */
public interface DispatchSite {
    /**
     * @param command what the advice passed: the command argument, or the method's own name
     * @param nanos   duration from enter to exit
     * @param thrown  the exception the method threw, or null
     * @param returned the return value, or null
     */
    void record(Object command, long nanos, Throwable thrown, Object returned);

    /** For hooks with an override argument: see {@code Recorder#override}. Null lets the method run. */
    default Object override(Object command, Object argument) {
        return null;
    }
}
