package dev.telemetry.agent.profile;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.extension.ExtensionLoader;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.generic.GenericProfile;
import dev.telemetry.agent.profile.generic.SpecProfile;
import dev.telemetry.agent.profile.mongo.MongoProfile;
import dev.telemetry.agent.profile.spec.ProfileFiles;
import dev.telemetry.agent.profile.spec.ProfileSpec;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides which profiles run: the built-in mongo profile, the generic options,
 * profile files (in the agent jar, in {@code profile-dir}, named by {@code profile-file}) and
 * extensions. With {@code profile=auto} every one is installed and the first whose classes load is
 * the one in use; a name selects exactly that one.
 */
public final class ProfileCatalog {
    private final List<Profile> profiles;
    private final List<String> problems;
    /** Profiles the user named (a file, a directory, the generic options, profile=NAME): their silence is worth a warning. */
    private final Set<Profile> explicit;

    private final String wanted;
    private boolean found;
    private final List<String> names;

    private ProfileCatalog(List<Profile> profiles, List<String> problems, Set<Profile> explicit, String wanted,
                           boolean found, List<String> names) {
        this.profiles = profiles;
        this.problems = problems;
        this.explicit = explicit;
        this.wanted = wanted;
        this.found = found;
        this.names = names;
    }

    /**
     * Reads and selects, running no extension code; a {@code profile=} naming nothing found (and no
     * extension that could have the name) is a configuration error.
     */
    public static ProfileCatalog select(Config config, Metrics metrics, ClientSurface surface) throws ConfigException {
        String wanted = config.get(Option.PROFILE).trim().toLowerCase(Locale.ROOT);
        List<String> problems = new ArrayList<>();
        List<Profile> out = new ArrayList<>();
        Set<Profile> explicit = new LinkedHashSet<>();
        if (wanted.equals("none")) {
            return new ProfileCatalog(out, problems, explicit, wanted, true, new ArrayList<>());
        }
        List<ProfileSpec> bundled = bundled(problems);
        List<ProfileSpec> named = new ArrayList<>();
        if (!config.get(Option.PROFILE_DIR).trim().isEmpty()) {
            named.addAll(ProfileFiles.inDirectory(Paths.get(config.get(Option.PROFILE_DIR).trim()), problems));
        }
        for (String f : config.get(Option.PROFILE_FILE).split(";")) {
            if (!f.trim().isEmpty()) {
                ProfileSpec p = ProfileFiles.file(Paths.get(f.trim()), problems);
                if (p != null) {
                    named.add(p);
                }
            }
        }
        List<ProfileSpec> files = new ArrayList<>(bundled);
        files.addAll(named);
        for (ProfileSpec s : files) {
            problems.addAll(s.problems);
        }
        boolean dispatch = !config.get(Option.DISPATCH).trim().isEmpty();
        boolean auto = wanted.equals("auto");
        if (auto || wanted.equals(MongoProfile.NAME)) {
            out.add(new MongoProfile(metrics, surface));
        }
        if (wanted.equals(GenericProfile.NAME) || (auto && dispatch)) {
            GenericProfile g = new GenericProfile(metrics, config);
            problems.addAll(g.problems());
            out.add(g);
            explicit.add(g);
        }
        boolean found = auto || wanted.equals(MongoProfile.NAME) || wanted.equals(GenericProfile.NAME);
        for (ProfileSpec s : files) {
            if (s.hooks.isEmpty() || !(auto || s.name.equals(wanted))) {
                continue;
            }
            SpecProfile p = new SpecProfile(s, metrics);
            out.add(p);
            found = true;
            if (named.contains(s) || !auto) {
                explicit.add(p);
            }
        }
        List<String> names = new ArrayList<>();
        for (ProfileSpec s : files) {
            names.add(s.name);
        }
        if (!found && !anyExtension(config)) {
            throw new ConfigException(unknownProfile(wanted, names));
        }
        return new ProfileCatalog(out, problems, explicit, wanted, found, names);
    }

    /**
     * The profiles bundled in the agent jar. Most jars hold none: then the file reader, a large
     * class, is not loaded on the premain thread (the jar's listing is already in memory).
     */
    private static List<ProfileSpec> bundled(List<String> problems) {
        return LazyCatalog.jarMayBundleProfiles() ? ProfileFiles.inAgentJar(problems) : new ArrayList<>();
    }

    /**
     * Loads and starts the extensions: extension code runs only from here, so the agent calls this
     * only when telemetry is not locked off. A {@code profile=} name that neither a file nor an
     * extension has leaves nothing installed, with one line.
     */
    public void startExtensions(Config config, Metrics metrics) {
        if (found && !anyExtension(config)) {
            return; // none: the loader's classes stay unloaded
        }
        boolean auto = wanted.equals("auto");
        for (Profile e : ExtensionLoader.load(config.get(Option.EXTENSION), metrics, problems)) {
            names.add(e.name());
            if (auto || e.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                profiles.add(e);
                explicit.add(e);
                found = true;
            }
        }
        if (!found) {
            problems.add(unknownProfile(wanted, names) + "; nothing is timed");
            profiles.clear();
        }
    }

    /** An extension option, or extensions bundled in the jar (asked without loading the loader). */
    private static boolean anyExtension(Config config) {
        return !config.get(Option.EXTENSION).trim().isEmpty() || LazyCatalog.jarMayBundleExtensions();
    }

    private static String unknownProfile(String wanted, List<String> names) {
        return "bad value \"" + wanted + "\" for profile; accepted: auto, mongo-java-server, generic, none"
                + (names.isEmpty() ? "" : " or the name of a profile file or an extension (" + String.join(", ", names) + ")");
    }

    public List<Profile> profiles() {
        return profiles;
    }

    /** One line each: a profile file's mistakes, an extension that did not load. */
    public List<String> problems() {
        return problems;
    }

    public boolean explicit(Profile p) {
        return explicit.contains(p);
    }

    /** The profiles the user named (see {@link #explicit}). */
    public Set<Profile> explicitProfiles() {
        return explicit;
    }
}
