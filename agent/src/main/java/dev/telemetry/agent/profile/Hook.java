package dev.telemetry.agent.profile;

/**
 * A method to time: the exact class name (never subtypes), a method name (a trailing or inner
 * {@code *} matches a family), where the command comes from, and the site that records it.
 */
public final class Hook {
    /** The command is the method's own name rather than an argument. */
    public static final int METHOD_NAME = -1;

    public final String typeName;
    public final String methodPattern;
    /** The argument index holding the command, or {@link #METHOD_NAME}. */
    public final int commandSource;
    /** The exact parameter count, or -1 for any count that has the command argument. */
    public final int parameterCount;
    public final DispatchSite site;
    /** The argument passed to {@link DispatchSite#override}, or -1 when the hook never overrides. */
    public final int overrideArgument;

    public Hook(String typeName, String methodPattern, int commandSource, int parameterCount, DispatchSite site) {
        this(typeName, methodPattern, commandSource, parameterCount, site, -1);
    }

    public Hook(String typeName, String methodPattern, int commandSource, int parameterCount, DispatchSite site,
                int overrideArgument) {
        this.typeName = typeName;
        this.methodPattern = methodPattern;
        this.commandSource = commandSource;
        this.parameterCount = parameterCount;
        this.site = site;
        this.overrideArgument = overrideArgument;
    }

    @Override
    public String toString() {
        return typeName + "#" + methodPattern;
    }
}
