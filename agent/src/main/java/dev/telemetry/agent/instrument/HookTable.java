package dev.telemetry.agent.instrument;

import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The profiles' hooks, walked once: a hook's site number is its place here, so the recorder and the
 * advice can never disagree. Plain JDK types only, so building it loads no Byte Buddy class.
 */
final class HookTable {
    /** A hook and the number the advice passes to the bridge. */
    static final class Entry {
        final Hook hook;
        final int site;

        Entry(Hook hook, int site) {
            this.hook = hook;
            this.site = site;
        }
    }

    private final List<DispatchSite> sites = new ArrayList<>();
    private final Map<String, List<Entry>> hooks = new HashMap<>();
    private final Map<String, List<Profile>> watchers = new HashMap<>();

    HookTable(List<Profile> profiles) {
        for (Profile profile : profiles) {
            for (Hook hook : profile.hooks()) {
                String name = hook.typeName.replace('.', '/');
                hooks.computeIfAbsent(name, k -> new ArrayList<>()).add(new Entry(hook, sites.size()));
                watchers.computeIfAbsent(name, k -> new ArrayList<>()).add(profile);
                sites.add(hook.site);
            }
            for (String watched : profile.watchedTypes()) {
                watchers.computeIfAbsent(watched.replace('.', '/'), k -> new ArrayList<>()).add(profile);
            }
        }
    }

    /** By site number. */
    List<DispatchSite> sites() {
        return sites;
    }

    /** Internal names of every hooked or watched class. */
    Set<String> typeNames() {
        return watchers.keySet();
    }

    List<Entry> hooks(String internalName) {
        return hooks.getOrDefault(internalName, Collections.emptyList());
    }

    List<Profile> watchers(String internalName) {
        return watchers.getOrDefault(internalName, Collections.emptyList());
    }
}
