package dev.telemetry.agent.profile;

import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;

/** A family of servers the agent knows how to time. */
public interface Profile {
    String name();

    /** The methods to time. */
    List<Hook> hooks();

    /** Exact names of further classes whose loading tells the profile something (e.g. the backend). */
    default List<String> watchedTypes() {
        return Collections.emptyList();
    }

    /** A hooked or watched class was loaded (or found loaded). Called off the dispatch path. */
    default void typeSeen(String typeName, ProtectionDomain domain) {
    }

    /** Like {@link #typeSeen(String, ProtectionDomain)}, with the class's loader (null: the boot loader). */
    default void typeSeen(String typeName, ProtectionDomain domain, ClassLoader loader) {
        typeSeen(typeName, domain);
    }

    /** Why this profile is the one in use (where it was found, what selected it), for the status. */
    default String chosenBecause() {
        return active() ? "built in; its classes loaded" : "built in; not selected yet";
    }

    /** Per hook, what it saw, for checking a described profile; empty for built-in profiles. */
    default List<dev.telemetry.agent.profile.generic.HookStats> hookStats() {
        return Collections.emptyList();
    }

    /** True once one of the profile's classes has appeared in this JVM. */
    boolean active();

    /** Facts for status and, later, reports (e.g. backend, server version); never user data. */
    default java.util.Map<String, String> facts() {
        return Collections.emptyMap();
    }
}
