package dev.telemetry.agent.profile;

import dev.telemetry.agent.config.Config;
import dev.telemetry.agent.config.ConfigException;
import dev.telemetry.agent.config.ConfigLoader;
import dev.telemetry.agent.config.Environment;
import dev.telemetry.agent.metrics.Metrics;
import dev.telemetry.agent.profile.mongo.MongoProfile;
import dev.telemetry.agent.profile.mongo.MongoTypes;
import dev.telemetry.agent.report.Notice;
import dev.telemetry.agent.report.VersionNotice;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When premain may leave the profiles unbuilt, and that the names it knows instead are exactly the
 * built-in profile's (the jar's part of the decision is held by {@code StartPathIT}: the tests here
 * run from a classes directory, where the catalog is always made at once).
 */
class LazyCatalogTest {
    private static final ClientSurface SURFACE = new ClientSurface() {
        @Override public String state() { return "undecided"; }
        @Override public Notice startupNotice() { return null; }
        @Override public VersionNotice versionNotice() { return null; }
        @Override public boolean locked() { return false; }
        @Override public String choose(boolean enable) { return null; }
    };

    private static Config config(String options) throws ConfigException {
        return ConfigLoader.load(options, new Environment(Map.of(), new Properties()));
    }

    @Test
    void premainKnowsExactlyTheClassesTheBuiltInProfileHooksAndWatches() {
        MongoProfile mongo = new MongoProfile(new Metrics(10, 10), SURFACE);
        Set<String> seen = new HashSet<>();
        for (Hook h : mongo.hooks()) {
            seen.add(h.typeName.replace('.', '/'));
        }
        for (String w : mongo.watchedTypes()) {
            seen.add(w.replace('.', '/'));
        }
        assertThat(MongoTypes.internalNames()).containsExactlyInAnyOrderElementsOf(seen);
    }

    @Test
    void theDefaultsAndTheBuiltInProfileByNameAllowOnlyTheBuiltInProfile() throws Exception {
        assertThat(LazyCatalog.optionsAllowOnlyBuiltIn(config(""))).isTrue();
        assertThat(LazyCatalog.optionsAllowOnlyBuiltIn(config("profile=mongo-java-server"))).isTrue();
    }

    @Test
    void everyOptionThatCanAddOrSelectAnotherProfileMakesTheCatalogAtOnce() throws Exception {
        for (String options : new String[] {"profile=generic,dispatch=a.B#c", "dispatch=a.B#c", "profile=none",
                "profile-dir=/nonexistent", "profile-file=/nonexistent/x.profile", "extension=/nonexistent/x.jar",
                "profile=some-file-profile"}) {
            assertThat(LazyCatalog.optionsAllowOnlyBuiltIn(config(options))).as(options).isFalse();
        }
    }

    @Test
    void madeAtOnceAProfileNameNothingHasIsAConfigurationErrorInPremain() {
        assertThatThrownBy(() -> LazyCatalog.of(config("profile=no-such-profile"), SURFACE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no-such-profile");
    }

    @Test
    void madeAtOnceItNamesNoTypesAndItsProfilesAreThoseSelected() throws Exception {
        LazyCatalog c = LazyCatalog.of(config("profile=generic,dispatch=com.example.Server#handle"), SURFACE);
        assertThat(c.expectedTypes()).isNull();
        assertThat(c.call()).extracting(Profile::name).containsExactly("generic");
        assertThat(c.call()).isSameAs(c.call());
    }
}
