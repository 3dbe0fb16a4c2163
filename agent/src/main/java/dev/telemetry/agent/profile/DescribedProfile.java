package dev.telemetry.agent.profile;

import dev.telemetry.agent.profile.generic.HookStats;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a described profile (a file, the generic options, an extension) has beside its hooks' sites:
 * its name, its hooks and their stats, and when it became the one in use and why (its marker class,
 * or, without one, the first of its hooked classes to load). Written from class loading, read by the
 * status.
 */
public abstract class DescribedProfile implements Profile {
    private final String name;
    private final String origin;
    private final String marker;
    private final List<Hook> hooks = new ArrayList<>();
    private final List<HookStats> stats = new ArrayList<>();
    private volatile String because;

    /** {@code marker} null: any class the profile is told about selects it. */
    protected DescribedProfile(String name, String origin, String marker) {
        this.name = name;
        this.origin = origin;
        this.marker = marker;
    }

    /** Hooks are added while the profile is built, before the instrumentation reads them. */
    protected final void add(Hook hook) {
        hooks.add(hook);
    }

    protected final void add(HookStats s) {
        stats.add(s);
    }

    /** How many hooks so far (to number an extension's hooks). */
    protected final int hookCount() {
        return hooks.size();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<Hook> hooks() {
        return Collections.unmodifiableList(hooks);
    }

    @Override
    public List<String> watchedTypes() {
        return marker == null ? Collections.emptyList() : Collections.singletonList(marker);
    }

    @Override
    public void typeSeen(String typeName, ProtectionDomain domain, ClassLoader loader) {
        if (because == null && (marker == null || marker.equals(typeName))) {
            because = marker == null ? "its hooked class " + typeName + " loaded" : "its marker class " + typeName + " loaded";
        }
    }

    @Override
    public final boolean active() {
        return because != null;
    }

    /** Where the profile was found, and what selected it. */
    @Override
    public final String chosenBecause() {
        return origin + "; " + (because != null ? because : "not selected yet");
    }

    @Override
    public final List<HookStats> hookStats() {
        return Collections.unmodifiableList(stats);
    }
}
