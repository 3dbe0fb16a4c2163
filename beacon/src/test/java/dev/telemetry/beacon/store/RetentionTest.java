package dev.telemetry.beacon.store;

import dev.telemetry.beacon.Reports;
import dev.telemetry.beacon.TestBeacon;
import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.Report;
import dev.telemetry.beacon.ingest.ReportParser;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention folds what is pending before it deletes, so that no addition lands on a day it deleted;
 * when nothing is older than the cutoff (a young database, a beacon's start-up run, which may come
 * just after its first reports) it neither folds nor deletes, so reports are folded at
 * {@code --fold-interval} only.
 */
class RetentionTest {
    private static final Instant NOW = Instant.now();

    @TempDir
    Path tmp;

    private static Report report() throws Exception {
        return new ReportParser().parse(Reports.bytes(Reports.valid(UUID.randomUUID(), UUID.randomUUID(), 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void withNothingOlderThanTheCutoffNothingIsFolded(String db) throws Exception {
        try (Store store = new Store(TestBeacon.emptyDatabase(db, tmp), null, null)) {
            store.ingest(report(), GeoInfo.NONE, NOW);
            assertThat(store.deleteRunsBefore(NOW.minus(Duration.ofDays(20)))).isZero();
            assertThat(store.freshness().pendingRows()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void olderRowsAreDeletedAfterWhatIsPendingIsFolded(String db) throws Exception {
        try (Store store = new Store(TestBeacon.emptyDatabase(db, tmp), null, null)) {
            store.ingest(report(), GeoInfo.NONE, NOW.minus(Duration.ofDays(40)));
            store.ingest(report(), GeoInfo.NONE, NOW);
            assertThat(store.freshness().pendingRows()).isEqualTo(2);
            assertThat(store.deleteRunsBefore(NOW.minus(Duration.ofDays(20)))).isEqualTo(1);
            assertThat(store.freshness().pendingRows()).isZero();
            assertThat(store.deleteRunsBefore(NOW.minus(Duration.ofDays(20)))).isZero(); // nothing older left
        }
    }
}
