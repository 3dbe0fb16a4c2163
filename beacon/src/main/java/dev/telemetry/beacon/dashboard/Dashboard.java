package dev.telemetry.beacon.dashboard;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Everything the dashboard shows for one {@link Filter}; served as JSON at /api/dashboard and drawn by {@link DashboardPage}. */
public record Dashboard(
        Filter filter,
        List<String> apps,
        List<String> versions,
        Active active,
        List<DayCount> trend,
        List<VersionShare> versionShares,
        Map<String, List<Share>> breakdowns,
        List<GapRow> gaps,
        List<CommandRow> commands,
        Freshness freshness) {

    /** Without freshness known (a page drawn from made-up data). */
    public Dashboard(Filter filter, List<String> apps, List<String> versions, Active active, List<DayCount> trend,
                     List<VersionShare> versionShares, Map<String, List<Share>> breakdowns, List<GapRow> gaps,
                     List<CommandRow> commands) {
        this(filter, apps, versions, active, trend, versionShares, breakdowns, gaps, commands, new Freshness(0, 0));
    }

    /**
     * How fresh the numbers are: reports are folded into the dashboard's tables in the background, so
     * {@code pendingRows} stored reports' additions (one row each) are not in them yet, the oldest
     * received {@code secondsBehind} seconds before this read (0: everything stored is in).
     */
    public record Freshness(long pendingRows, double secondsBehind) {}

    /** Installations whose latest report is at most 1, 7, 30 days old, and in the filter's period. */
    public record Active(long day1, long days7, long days30, long period) {}

    public record DayCount(LocalDate day, long installations) {}

    /** status: "up to date", "behind" or "unknown" (no release known for the application, or a version that does not parse). */
    public record VersionShare(String app, String version, long installations, String status, String latest) {}

    public record Share(String value, long installations) {}

    /**
     * kind: "unsupported" for errors that say the server lacks a feature, "error" for the rest.
     * firstDay and lastDay: the first and last day it was seen in the kept history (application and version filter only).
     */
    public record GapRow(String command, String operator, String error, Integer code, String kind,
                         long installations, long count, LocalDate firstDay, LocalDate lastDay) {}

    /** Latencies in µs: the upper edge of the merged histogram's bucket holding the percentile. */
    public record CommandRow(String command, long count, long failures, long meanMicros,
                             long p50Micros, long p95Micros, long p99Micros) {}
}
