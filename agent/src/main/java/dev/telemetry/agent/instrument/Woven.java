package dev.telemetry.agent.instrument;

/**
 * A class woven with its hooks (fresh, or read back from the {@link ClassCache}): the new bytes,
 * or null when no method of it is timed; per hook (in the order of the class's hooks) how many of
 * its methods are timed, and why none is, for a named target.
 */
public final class Woven {
    final byte[] bytes;
    final int[] methods;
    final String[] problems;

    public Woven(byte[] bytes, int[] methods, String[] problems) {
        this.bytes = bytes;
        this.methods = methods;
        this.problems = problems;
    }
}
