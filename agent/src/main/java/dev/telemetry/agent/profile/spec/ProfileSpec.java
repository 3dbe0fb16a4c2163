package dev.telemetry.agent.profile.spec;

import java.util.Collections;
import java.util.List;

/** A profile read from a file: its name, the marker class whose loading selects it, its hooks. */
public final class ProfileSpec {
    public final String name;
    /** Where it was found, for messages and the status: "profile file /etc/x.profile", "agent jar: x.profile". */
    public final String origin;
    /** The class whose loading says the server is here; null: any hooked class. */
    public final String marker;
    public final List<HookSpec> hooks;
    /** One line per mistake found while reading (the hooks concerned are left out). */
    public final List<String> problems;

    public ProfileSpec(String name, String origin, String marker, List<HookSpec> hooks, List<String> problems) {
        this.name = name;
        this.origin = origin;
        this.marker = marker;
        this.hooks = Collections.unmodifiableList(hooks);
        this.problems = Collections.unmodifiableList(problems);
    }

    @Override
    public String toString() {
        return name + " (" + origin + ")";
    }
}
