package dev.telemetry.beacon.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A migration written in Java (it parses text that SQL cannot), named by its version and description
 * here rather than by its class name; run in Flyway's transaction, with no checksum to compare.
 */
abstract class JavaMigrationStep implements JavaMigration {
    private final MigrationVersion version;
    private final String description;

    JavaMigrationStep(String version, String description) {
        this.version = MigrationVersion.fromVersion(version);
        this.description = description;
    }

    @Override
    public final MigrationVersion getVersion() {
        return version;
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final Integer getChecksum() {
        return null;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }
}
