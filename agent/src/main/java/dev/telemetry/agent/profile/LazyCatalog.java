package dev.telemetry.agent.profile;

import dev.telemetry.agent.config.AgentJar;
import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.Option;
import dev.telemetry.agent.extension.ExtensionLoader;
import dev.telemetry.agent.log.AgentLog;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.mongo.MongoProfile;
import dev.telemetry.agent.profile.mongo.MongoTypes;
import dev.telemetry.agent.profile.spec.ProfileFiles;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The {@link ProfileCatalog} and the metrics its profiles record into, made once, on first need.
 * When nothing but the built-in profile can be in use (no profile file, directory, extension or
 * generic target, none bundled in the jar), the names of the classes it hooks are known without
 * building anything ({@link MongoTypes}): premain then leaves the catalog unmade, and the first of
 * those classes to load, or the agent's start thread, makes it. Otherwise only reading the files
 * says what to hook, and premain makes it at once (a mistake in them is a configuration error).
 */
public final class LazyCatalog implements Callable<List<Profile>> {
    private final Config config;
    private final ClientSurface surface;
    /** Internal names of every class the catalog can hook or watch; null when it was made at once. */
    private final String[] expected;
    private Metrics metrics;
    private ProfileCatalog catalog;
    private boolean started;

    private LazyCatalog(Config config, ClientSurface surface, String[] expected) {
        this.config = config;
        this.surface = surface;
        this.expected = expected;
    }

    /** Selects the profiles at once unless only the built-in one can be in use. */
    public static LazyCatalog of(Config config, ClientSurface surface) throws ConfigException {
        if (builtInOnly(config)) {
            return new LazyCatalog(config, surface, MongoTypes.internalNames());
        }
        LazyCatalog c = new LazyCatalog(config, surface, null);
        c.catalog = ProfileCatalog.select(config, c.metrics(), surface);
        return c;
    }

    /** Whether no option and nothing in the jar can add a profile to the built-in one (or select another). */
    static boolean builtInOnly(Config config) {
        return optionsAllowOnlyBuiltIn(config) && !jarMayBundleProfiles() && !jarMayBundleExtensions();
    }

    /*
     * What the agent jar bundles, asked of its listing (already in memory). Here, which premain loads,
     * and not in ProfileCatalog, which uses them too; the readers' constants are copied in at compile
     * time, so neither reader class is loaded. Unsure counts as yes: the reader then looks, and says
     * what it finds.
     */

    /** False only when the jar's listing holds no profile file (a classes directory may hold some). */
    static boolean jarMayBundleProfiles() {
        try {
            return AgentJar.file() == null || !AgentJar.resourcesUnder(ProfileFiles.JAR_DIRECTORY.substring(1)).isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /** False only when the jar has no {@code extensions.list}. */
    static boolean jarMayBundleExtensions() {
        try {
            return AgentJar.has(ExtensionLoader.BUNDLED);
        } catch (IOException e) {
            return true;
        }
    }

    /** The options' part: the built-in profile selected (or auto), and no generic target, profile file, directory or extension. */
    static boolean optionsAllowOnlyBuiltIn(Config config) {
        String wanted = config.get(Option.PROFILE).trim().toLowerCase(Locale.ROOT);
        return (wanted.equals("auto") || wanted.equals(MongoProfile.NAME))
                && config.get(Option.DISPATCH).trim().isEmpty() && config.get(Option.PROFILE_DIR).trim().isEmpty()
                && config.get(Option.PROFILE_FILE).trim().isEmpty() && config.get(Option.EXTENSION).trim().isEmpty();
    }

    /** The internal names of every class a profile can hook or watch, or null when the catalog is made (ask it). */
    public String[] expectedTypes() {
        return expected == null ? null : expected.clone();
    }

    public synchronized Metrics metrics() {
        if (metrics == null) {
            metrics = new Metrics(config.integer(Option.MAX_COMMANDS), config.integer(Option.MAX_RESULTS));
        }
        return metrics;
    }

    /**
     * The catalog with its extensions started and its problems logged, made on the first call.
     * Call only when telemetry is not locked off: extension code runs from here.
     */
    public synchronized ProfileCatalog catalog() throws ConfigException {
        if (catalog == null) {
            catalog = ProfileCatalog.select(config, metrics(), surface);
        }
        if (!started) {
            started = true;
            catalog.startExtensions(config, metrics());
            for (String problem : catalog.problems()) {
                AgentLog.warn(problem);
            }
        }
        return catalog;
    }

    /** The profiles to hook (for the instrumenter). */
    @Override
    public List<Profile> call() throws ConfigException {
        return catalog().profiles();
    }

    /** The profiles the user named, whose silence is worth a warning. */
    public Set<Profile> explicit() throws ConfigException {
        return catalog().explicitProfiles();
    }
}
