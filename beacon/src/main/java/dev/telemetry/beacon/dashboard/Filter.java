package dev.telemetry.beacon.dashboard;

import dev.telemetry.contract.ReportNames;

import java.time.LocalDate;
import java.util.List;

/**
 * What the dashboard shows: one application (or all), one version (or all) and a period of whole
 * UTC days ending today. Every table and chart follows it. Values that could not come from a report
 * are refused rather than searched for.
 */
public record Filter(String app, String version, int days, LocalDate today) {
    public static final List<Integer> PERIODS = List.of(1, 7, 30, 90);
    public static final int DEFAULT_DAYS = 30;

    public Filter {
        app = app == null ? "" : app;
        version = version == null ? "" : version;
    }

    /** From query parameters; null or empty means "all"; throws IllegalArgumentException with a message for the user. */
    public static Filter parse(String app, String version, String days, LocalDate today) {
        if (app != null && !app.isEmpty() && !ReportNames.isAppName(app)) {
            throw new IllegalArgumentException("app: not an application name");
        }
        if (version != null && !version.isEmpty() && !ReportNames.isVersion(version)) {
            throw new IllegalArgumentException("version: not a version");
        }
        int d = DEFAULT_DAYS;
        if (days != null && !days.isEmpty()) {
            try {
                d = Integer.parseInt(days);
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (!PERIODS.contains(d)) {
                throw new IllegalArgumentException("days: one of " + PERIODS);
            }
        }
        return new Filter(app, version, d, today);
    }

    /** The first day of the period. */
    public LocalDate from() {
        return today.minusDays(days - 1L);
    }
}
