package dev.telemetry.beacon.dashboard;

import dev.telemetry.beacon.ingest.Report;

import dev.telemetry.beacon.releases.Releases;
import dev.telemetry.beacon.releases.Version;
import dev.telemetry.beacon.store.Facets;
import dev.telemetry.beacon.store.Histograms;
import dev.telemetry.beacon.store.Sql;
import dev.telemetry.beacon.store.Store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads the dashboard from the aggregate tables of V2__dashboard.sql: six small grouped queries, none
 * of them over runs or installations, so the time does not grow with the number of installations.
 * Parameters and result columns by name ({@link Sql}), never by position.
 */
public final class DashboardQuery {
    /** Rows shown in the gaps and commands tables. */
    public static final int TOP = 50;
    /** Errors that say the server lacks a feature rather than that the request was wrong; ranked first. */
    static final Set<String> UNSUPPORTED_NAMES = Set.of("NotImplemented", "CommandNotFound", "InvalidPipelineOperator",
            "UnsupportedOperationException");
    static final Set<Integer> UNSUPPORTED_CODES = Set.of(238, 59, 168);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private final Store store;
    private final Supplier<Releases> releases;

    public DashboardQuery(Store store, Supplier<Releases> releases) {
        this.store = store;
        this.releases = releases;
    }

    /**
     * The dashboard for one filter, from the aggregate tables as the background fold left them; it reads
     * only (a read never folds), and says how far behind the stored reports it is.
     */
    public Dashboard read(Filter f) throws SQLException {
        Store.Freshness fresh = store.freshness(); // before the tables: what it says is behind is at most that
        try (Connection c = store.dataSource().getConnection()) {
            c.setReadOnly(true);
            try {
                List<String> apps = new ArrayList<>();
                List<String> versions = new ArrayList<>();
                choices(c, f, apps, versions);
                Spread spread = spread(c, f);
                return new Dashboard(f, apps, versions, active(c, f), trend(c, f), spread.versions(), spread.breakdowns(),
                        gaps(c, f), commands(c, f),
                        new Dashboard.Freshness(fresh.pendingRows(), Math.round(fresh.lagSeconds(java.time.Instant.now()) * 10) / 10.0));
            } finally {
                c.rollback();
                c.setReadOnly(false);
            }
        }
    }

    /** " AND app_name = :app AND app_version = :version" as the filter asks; {@code anyVersion}: the table has '*' rows. */
    private static String where(Filter f, boolean anyVersion) {
        String s = f.app().isEmpty() ? "" : " AND app_name = :app";
        if (!f.version().isEmpty() || anyVersion) {
            s += " AND app_version = :version";
        }
        return s;
    }

    /** Binds what {@link #where} asked for, and {@code :from}, the period's first day. */
    private static Sql bind(Sql q, Filter f, boolean anyVersion) throws SQLException {
        q.setObject("from", f.from());
        if (!f.app().isEmpty()) {
            q.set("app", f.app());
        }
        if (!f.version().isEmpty()) {
            q.set("version", f.version());
        } else if (anyVersion) {
            q.set("version", Facets.ANY_VERSION);
        }
        return q;
    }

    private static void choices(Connection c, Filter f, List<String> apps, List<String> versions) throws SQLException {
        Set<String> a = new TreeSet<>();
        Set<String> v = new TreeSet<>(Comparator.comparing((String s) -> Version.parse(s), Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed().thenComparing(Comparator.naturalOrder()));
        try (Sql q = Sql.prepare(c, "SELECT DISTINCT app_name, app_version FROM daily_active WHERE app_version <> :any")
                .set("any", Facets.ANY_VERSION); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                a.add(rs.getString("app_name"));
                if (f.app().isEmpty() || f.app().equals(rs.getString("app_name"))) {
                    v.add(rs.getString("app_version"));
                }
            }
        }
        apps.addAll(a);
        versions.addAll(v);
    }

    private static Dashboard.Active active(Connection c, Filter f) throws SQLException {
        LocalDate t = f.today();
        LocalDate oldest = f.from().isBefore(t.minusDays(29)) ? f.from() : t.minusDays(29);
        String sql = "SELECT SUM(CASE WHEN last_day >= :today THEN installations ELSE 0 END) AS active_today,"
                + " SUM(CASE WHEN last_day >= :week THEN installations ELSE 0 END) AS active_week,"
                + " SUM(CASE WHEN last_day >= :month THEN installations ELSE 0 END) AS active_month,"
                + " SUM(CASE WHEN last_day >= :from THEN installations ELSE 0 END) AS active_period"
                + " FROM active_by WHERE dim = 'all' AND last_day >= :oldest" + where(f, false);
        try (Sql q = bind(Sql.prepare(c, sql), f, false).setObject("today", t).setObject("week", t.minusDays(6))
                .setObject("month", t.minusDays(29)).setObject("oldest", oldest); ResultSet rs = q.executeQuery()) {
            rs.next();
            return new Dashboard.Active(sum(rs, "active_today"), sum(rs, "active_week"), sum(rs, "active_month"), sum(rs, "active_period"));
        }
    }

    private static List<Dashboard.DayCount> trend(Connection c, Filter f) throws SQLException {
        Map<LocalDate, Long> byDay = new HashMap<>();
        try (Sql q = bind(Sql.prepare(c, "SELECT on_day, SUM(installations) AS installations FROM daily_active WHERE on_day >= :from"
                + where(f, true) + " GROUP BY on_day"), f, true); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                byDay.put(rs.getObject("on_day", LocalDate.class), sum(rs, "installations"));
            }
        }
        List<Dashboard.DayCount> out = new ArrayList<>();
        for (LocalDate d = f.from(); !d.isAfter(f.today()); d = d.plusDays(1)) {
            out.add(new Dashboard.DayCount(d, byDay.getOrDefault(d, 0L)));
        }
        return out;
    }

    /** The installations active in the period by version, and by every other facet. */
    private record Spread(List<Dashboard.VersionShare> versions, Map<String, List<Dashboard.Share>> breakdowns) {}

    private Spread spread(Connection c, Filter f) throws SQLException {
        Map<String, Map<String, Long>> byDim = new LinkedHashMap<>();
        for (String dim : Facets.DIMS) {
            if (!dim.equals("all")) {
                byDim.put(dim, new HashMap<>());
            }
        }
        Map<List<String>, Long> byVersion = new HashMap<>();
        try (Sql q = bind(Sql.prepare(c, "SELECT app_name, app_version, dim, val, SUM(installations) AS installations FROM active_by"
                + " WHERE last_day >= :from" + where(f, false) + " GROUP BY app_name, app_version, dim, val"), f, false);
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long n = sum(rs, "installations");
                if (n <= 0) {
                    continue;
                }
                String dim = rs.getString("dim");
                if (dim.equals("all")) {
                    byVersion.merge(List.of(rs.getString("app_name"), rs.getString("app_version")), n, Long::sum);
                } else if (byDim.containsKey(dim)) {
                    byDim.get(dim).merge(rs.getString("val"), n, Long::sum);
                }
            }
        }
        Releases r = releases.get();
        List<Dashboard.VersionShare> versions = new ArrayList<>();
        byVersion.forEach((k, n) -> {
            // "behind" is what the reply to a report calls update_available
            Releases.Answer answer = r.answer(k.get(0), k.get(1));
            String status = r.release(k.get(0)).isEmpty() || Version.parse(k.get(1)) == null ? "unknown"
                    : answer.updateAvailable() ? "behind" : "up to date";
            versions.add(new Dashboard.VersionShare(k.get(0), k.get(1), n, status, answer.latestVersion()));
        });
        versions.sort(Comparator.comparingLong(Dashboard.VersionShare::installations).reversed()
                .thenComparing(Dashboard.VersionShare::app).thenComparing(Dashboard.VersionShare::version));
        Map<String, List<Dashboard.Share>> breakdowns = new LinkedHashMap<>();
        byDim.forEach((dim, m) -> {
            List<Dashboard.Share> shares = new ArrayList<>();
            m.forEach((v, n) -> shares.add(new Dashboard.Share(v, n)));
            shares.sort(Comparator.comparingLong(Dashboard.Share::installations).reversed().thenComparing(Dashboard.Share::value));
            breakdowns.put(dim, shares);
        });
        return new Spread(versions, breakdowns);
    }

    private static List<Dashboard.GapRow> gaps(Connection c, Filter f) throws SQLException {
        record Key(String command, String operator, String result, int code) {}
        Map<Key, Long> installations = new HashMap<>();
        try (Sql q = bind(Sql.prepare(c, "SELECT command, operator, result, code, SUM(installations) AS installations FROM gaps_by"
                + " WHERE last_day >= :from" + where(f, true) + " GROUP BY command, operator, result, code"), f, true);
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long n = sum(rs, "installations");
                if (n > 0) {
                    installations.put(new Key(rs.getString("command"), rs.getString("operator"), rs.getString("result"),
                            rs.getInt("code")), n);
                }
            }
        }
        List<Dashboard.GapRow> rows = new ArrayList<>();
        try (Sql q = bind(Sql.prepare(c, "SELECT command, operator, result, code,"
                + " SUM(CASE WHEN on_day >= :from THEN count ELSE 0 END) AS hits, MIN(on_day) AS first_day, MAX(on_day) AS last_day"
                + " FROM daily_results WHERE 1 = 1" + where(f, false) + " GROUP BY command, operator, result, code"), f, false);
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                Key k = new Key(rs.getString("command"), rs.getString("operator"), rs.getString("result"), rs.getInt("code"));
                Long n = installations.get(k);
                if (n == null) {
                    continue; // not hit in the period
                }
                boolean unsupported = UNSUPPORTED_NAMES.contains(k.result()) || UNSUPPORTED_CODES.contains(k.code());
                rows.add(new Dashboard.GapRow(k.command(), k.operator(), k.result(), k.code() == Report.NO_CODE ? null : k.code(),
                        unsupported ? "unsupported" : "error", n, sum(rs, "hits"),
                        rs.getObject("first_day", LocalDate.class), rs.getObject("last_day", LocalDate.class)));
            }
        }
        rows.sort(Comparator.comparing((Dashboard.GapRow g) -> !g.kind().equals("unsupported"))
                .thenComparing(Comparator.comparingLong(Dashboard.GapRow::installations).reversed())
                .thenComparing(Comparator.comparingLong(Dashboard.GapRow::count).reversed())
                .thenComparing(Dashboard.GapRow::command).thenComparing(Dashboard.GapRow::operator)
                .thenComparing(Dashboard.GapRow::error));
        return rows.size() > TOP ? new ArrayList<>(rows.subList(0, TOP)) : rows;
    }

    /** A SUM: a decimal in both databases, past a long's range when rows stand at their cap (see Changes). */
    private static long sum(ResultSet rs, String column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? 0 : v.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : v.longValue();
    }

    private static List<Dashboard.CommandRow> commands(Connection c, Filter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT command, SUM(count) AS count, SUM(failures) AS failures, SUM(total_us) AS total_us");
        for (int i = 0; i < Histograms.BUCKETS; i++) {
            sql.append(", SUM(").append(Histograms.column(i)).append(") AS ").append(Histograms.column(i));
        }
        sql.append(" FROM daily_commands WHERE on_day >= :from").append(where(f, false)).append(" GROUP BY command");
        List<Dashboard.CommandRow> rows = new ArrayList<>();
        try (Sql q = bind(Sql.prepare(c, sql.toString()), f, false); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long[] h = new long[Histograms.BUCKETS];
                for (int i = 0; i < h.length; i++) {
                    h[i] = sum(rs, Histograms.column(i));
                }
                long count = sum(rs, "count");
                rows.add(new Dashboard.CommandRow(rs.getString("command"), count, sum(rs, "failures"),
                        count == 0 ? 0 : sum(rs, "total_us") / count,
                        Histograms.percentileMicros(h, 0.50), Histograms.percentileMicros(h, 0.95), Histograms.percentileMicros(h, 0.99)));
            }
        }
        rows.sort(Comparator.comparingLong(Dashboard.CommandRow::count).reversed().thenComparing(Dashboard.CommandRow::command));
        return rows.size() > TOP ? new ArrayList<>(rows.subList(0, TOP)) : rows;
    }
}
