package dev.telemetry.agent.instrument;

import dev.telemetry.agent.profile.DispatchSite;
import dev.telemetry.agent.profile.Hook;
import dev.telemetry.agent.profile.Profile;
import dev.telemetry.agent.profile.spec.TargetPattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The profiles' hooks, walked once: a hook's site number is its place here, so the recorder and the
 * advice can never disagree. Finds the hooks of a class being loaded: by exact name (a set lookup),
 * by wildcard, or as a subtype of a named type (from the class file's header, see {@link SuperTypes}).
 * Plain JDK types only, so building it loads no Byte Buddy class.
 */
final class HookTable {
    /** A hook and the number the advice passes to the bridge. */
    static final class Entry {
        final Hook hook;
        final int site;
        final Profile profile;

        Entry(Hook hook, int site, Profile profile) {
            this.hook = hook;
            this.site = site;
            this.profile = profile;
        }
    }

    private final List<DispatchSite> sites = new ArrayList<>();
    private final List<Entry> all = new ArrayList<>();
    private final Map<String, List<Entry>> exact = new HashMap<>();
    private final List<Entry> wildcard = new ArrayList<>();
    private final List<Entry> subtype = new ArrayList<>();
    private final Map<String, SuperTypes> superTypes = new HashMap<>();
    private final Map<String, List<Profile>> watchers = new HashMap<>();
    private final int[] replyOwner;

    HookTable(List<Profile> profiles) {
        Map<Hook, Integer> siteOf = new IdentityHashMap<>();
        for (Profile profile : profiles) {
            for (Hook hook : profile.hooks()) {
                Entry e = new Entry(hook, sites.size(), profile);
                siteOf.put(hook, e.site);
                sites.add(hook.site);
                all.add(e);
                String name = hook.typeName.replace('.', '/');
                // not a switch: an enum switch is one more class to load on the premain thread
                if (hook.match == TargetPattern.TypeMatch.WILDCARD) {
                    wildcard.add(e);
                } else if (hook.match == TargetPattern.TypeMatch.SUBTYPES) {
                    subtype.add(e);
                    if (!superTypes.containsKey(name)) {
                        superTypes.put(name, new SuperTypes(name));
                    }
                } else {
                    listIn(exact, name).add(e);
                    listIn(watchers, name).add(profile);
                }
            }
            for (String watched : profile.watchedTypes()) {
                listIn(watchers, watched.replace('.', '/')).add(profile);
            }
        }
        replyOwner = new int[sites.size()];
        for (Entry e : all) {
            replyOwner[e.site] = e.hook.replyOf == null ? -1 : siteOf.getOrDefault(e.hook.replyOf, -1);
        }
    }

    /** No lambda: the table is built on the premain thread, where the first lambda would cost milliseconds. */
    private static <T> List<T> listIn(Map<String, List<T>> map, String key) {
        List<T> list = map.get(key);
        if (list == null) {
            list = new ArrayList<>();
            map.put(key, list);
        }
        return list;
    }

    /**
     * Everything about the hooks that shapes a woven class, one line per site: the class cache keeps
     * an entry only for the same description.
     */
    String description() {
        StringBuilder b = new StringBuilder();
        for (Entry e : all) {
            Hook h = e.hook;
            b.append(e.site).append(' ').append(h.kind).append(' ').append(h.match).append(' ').append(h.typeName)
                    .append('#').append(h.methodPattern).append(" command=").append(h.commandSource)
                    .append(" parameters=").append(h.parameterCount).append(" override=").append(h.overrideArgument)
                    .append(" result=").append(h.resultArgument).append(" codeIsArgument=").append(h.replyCodeIsArgument)
                    .append('\n');
        }
        return b.toString();
    }

    /** By site number. */
    List<DispatchSite> sites() {
        return sites;
    }

    int[] replyOwners() {
        return replyOwner.clone();
    }

    boolean isEmpty() {
        return all.isEmpty() && watchers.isEmpty();
    }

    /** True when some hook matches by pattern: then every loaded class is looked at, not only named ones. */
    boolean hasPatterns() {
        return !wildcard.isEmpty() || !subtype.isEmpty();
    }

    /** Cheap: could this class concern us at all (a named hook, a watched class, or any pattern)? */
    boolean mayConcern(String internalName) {
        return hasPatterns() || watchers.containsKey(internalName);
    }

    /** The hooks of a class being loaded; its bytes are read for subtype targets. */
    List<Entry> hooks(String internalName, byte[] bytes, ClassLoader loader) {
        List<Entry> named = exact.get(internalName);
        if (!hasPatterns()) {
            return named == null ? Collections.emptyList() : named;
        }
        List<Entry> out = named == null ? new ArrayList<>() : new ArrayList<>(named);
        if (!wildcard.isEmpty()) {
            String javaName = internalName.replace('/', '.');
            for (Entry e : wildcard) {
                if (e.hook.pattern.matchesName(javaName)) {
                    out.add(e);
                }
            }
        }
        for (Entry e : subtype) {
            if (superTypes.get(e.hook.typeName.replace('.', '/')).isSubtype(internalName, bytes, loader)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The same for a class already loaded (an attach). */
    List<Entry> hooks(Class<?> type) {
        String internalName = type.getName().replace('.', '/');
        List<Entry> out = new ArrayList<>(exact.getOrDefault(internalName, Collections.emptyList()));
        for (Entry e : wildcard) {
            if (e.hook.pattern.matchesName(type.getName())) {
                out.add(e);
            }
        }
        for (Entry e : subtype) {
            if (superTypes.get(e.hook.typeName.replace('.', '/')).isSubtype(type)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Profiles to tell that this class loaded: those naming it, and those with a hook on it. */
    Set<Profile> watchers(String internalName, List<Entry> hooks) {
        Set<Profile> out = new LinkedHashSet<>(watchers.getOrDefault(internalName, Collections.emptyList()));
        for (Entry e : hooks) {
            out.add(e.profile);
        }
        return out;
    }

    /** Exact names of hooked or watched classes, for the retransformation after an attach. */
    Set<String> namedTypes() {
        return watchers.keySet();
    }

    static boolean exactTarget(Hook h) {
        return h.match == TargetPattern.TypeMatch.EXACT;
    }
}
