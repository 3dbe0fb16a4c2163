package dev.telemetry.beacon.store;

import dev.telemetry.beacon.geo.GeoInfo;
import dev.telemetry.beacon.ingest.CommandCounts;
import dev.telemetry.beacon.ingest.Report;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one report changes in the dashboard's aggregates, as pure functions over the state before
 * it: the ingest path ({@link Store}) and the seed generator both go through here, so a seeded
 * database holds what the same reports would have produced.
 */
final class Rollup {
    /** An installation as of one report: the day, what it runs and its facets. */
    record Seen(LocalDate day, String appName, String appVersion, Map<String, String> facets) {
        /** As a report received on {@code day} from an address that {@code geo} describes leaves it. */
        static Seen of(LocalDate day, Report r, GeoInfo geo) {
            // the region as the installations row keeps it, so the next report's "before" reads the same facets
            return new Seen(day, r.appName(), r.appVersion(), Facets.of(r.backend(), r.installationType(), r.javaVersion(),
                    r.os(), r.arch(), geo.country(), geo.cloudProvider(), Store.truncate(geo.cloudRegion(), 64), r.telemetry()));
        }
    }

    /** A failing (command, operator, result, code). */
    record Gap(String command, String operator, String result, int code) {
        // written out: a record's generated hashCode goes through a method handle, and ingest hashes every gap twice a report
        @Override
        public int hashCode() {
            return ((command.hashCode() * 31 + operator.hashCode()) * 31 + result.hashCode()) * 31 + code;
        }
    }

    /** An installation's gap ledger, read only when a report's gaps grew: see {@link #gaps}. */
    interface Ledger {
        Map<GapLedger.Key, LocalDate> read() throws SQLException;
    }

    private Rollup() {}

    /**
     * Everything one report changes: the installation moves from {@code before} to {@code now}, the
     * run's growth from {@code previous} to {@code current} goes to {@code now}'s day, and the gaps that
     * grew move in the installation's ledger. {@link Store#ingest} and the seed generator both call this.
     */
    static void report(Changes ch, String uuid, Seen before, Seen now, RunMetrics previous, RunMetrics current, Ledger ledger)
            throws SQLException {
        installation(ch, before, now);
        List<Gap> grew = growth(ch, now.day(), now.appName(), now.appVersion(), previous, current);
        if (!grew.isEmpty()) {
            gaps(ch, uuid, now.day(), now.appName(), now.appVersion(), grew, ledger.read());
        }
    }

    /** Moves the installation to its new last day and facets, and counts it active today. */
    private static void installation(Changes ch, Seen before, Seen now) {
        if (before != null && before.equals(now)) {
            return;
        }
        if (before != null) {
            for (Map.Entry<String, String> f : before.facets().entrySet()) {
                ch.add(Changes.Table.ACTIVE_BY, RowKey.of(before.day(), before.appName(), before.appVersion(), f.getKey(), f.getValue()), -1);
            }
        }
        for (Map.Entry<String, String> f : now.facets().entrySet()) {
            ch.add(Changes.Table.ACTIVE_BY, RowKey.of(now.day(), now.appName(), now.appVersion(), f.getKey(), f.getValue()), 1);
        }
        boolean newDay = before == null || !before.day().equals(now.day()) || !before.appName().equals(now.appName());
        if (newDay || !before.appVersion().equals(now.appVersion())) {
            ch.add(Changes.Table.DAILY_ACTIVE, RowKey.of(now.day(), now.appName(), now.appVersion()), 1);
        }
        if (newDay) {
            ch.add(Changes.Table.DAILY_ACTIVE, RowKey.of(now.day(), now.appName(), Facets.ANY_VERSION), 1);
        }
    }

    /**
     * Adds the growth from {@code before} to {@code now} (a run's cumulative counts) to the day's
     * rows; returns the gaps that grew. A counter that went down (it should not) adds nothing.
     */
    private static List<Gap> growth(Changes ch, LocalDate day, String app, String version, RunMetrics before, RunMetrics now) {
        for (Map.Entry<String, CommandCounts> c : now.commands().entrySet()) {
            ch.addCommandGrowth(day, app, version, c.getKey(), c.getValue(), before.commands().getOrDefault(c.getKey(), CommandCounts.ZERO));
        }
        List<Gap> grew = new ArrayList<>();
        Map<Gap, Long> failedBefore = before.failing();
        for (Map.Entry<Gap, Long> r : now.failing().entrySet()) {
            long d = r.getValue() - failedBefore.getOrDefault(r.getKey(), 0L);
            if (d > 0) {
                Gap g = r.getKey();
                ch.add(Changes.Table.DAILY_RESULTS, RowKey.of(day, app, version, g.command(), g.operator(), g.result(), g.code()), d);
                grew.add(g);
            }
        }
        return grew;
    }

    /**
     * Moves the installation's gaps to today in the ledger and in {@code gaps_by}, once under its
     * version and once under {@link Facets#ANY_VERSION}. {@code lastDays} holds the ledger's days for this
     * installation and application (key: version and gap), and is updated.
     */
    private static void gaps(Changes ch, String uuid, LocalDate day, String app, String version, List<Gap> grew,
                     Map<GapLedger.Key, LocalDate> lastDays) {
        boolean isNew = lastDays.isEmpty(); // no ledger row for this installation and application yet
        boolean moved = false;
        String[] versions = {version, Facets.ANY_VERSION};
        for (Gap g : grew) {
            for (String v : versions) {
                GapLedger.Key key = new GapLedger.Key(v, g);
                LocalDate last = lastDays.get(key);
                if (last != null && !last.isBefore(day)) {
                    continue;
                }
                if (last != null) {
                    ch.add(Changes.Table.GAPS_BY, RowKey.of(last, app, v, g.command(), g.operator(), g.result(), g.code()), -1);
                }
                ch.add(Changes.Table.GAPS_BY, RowKey.of(day, app, v, g.command(), g.operator(), g.result(), g.code()), 1);
                lastDays.put(key, day);
                moved = true;
            }
        }
        if (moved) {
            ch.ledger(uuid, app, lastDays, isNew);
        }
    }
}
