package dev.telemetry.agent.instrument;

import dev.telemetry.agent.profile.Hook;

import java.util.List;

/**
 * Weaving one class with its hooks' advice: what the rest of the agent knows of Byte Buddy. The one
 * implementation ({@code dev.telemetry.agent.weave.AdviceTransformer}) lives with Byte Buddy in the
 * jar's nested archive, behind its own class loader ({@link WeaveLoader}), so nothing outside it names
 * a Byte Buddy class.
 */
public interface ClassWeaver {
    /**
     * The class woven with these hooks ({@code sites[i]} is hook {@code i}'s site number); null when
     * weaving fails, which the implementation logs once (the class then loads as it is).
     */
    Woven weave(ClassLoader loader, String name, byte[] bytes, List<Hook> hooks, int[] sites);
}
