package dev.telemetry.agent.profile;

import dev.telemetry.agent.profile.path.ValuePath;

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

    /**
     * A framed dispatch ended (see {@code Bridge#enter}): everything the advice can see, and the code
     * of the last reply written during it ({@link ValuePath#NO_NUMBER} when none).
     */
    default void exit(Object self, Class<?> type, Object argument, Object resultArgument, String method, long nanos,
                      Throwable thrown, Object returned, long replyCode) {
        record(argument, nanos, thrown, returned);
    }

    /** For a reply hook: the code the reply call carries, or {@link ValuePath#NO_NUMBER}. */
    default long replyCode(Object self, Object argument) {
        return ValuePath.NO_NUMBER;
    }
}
