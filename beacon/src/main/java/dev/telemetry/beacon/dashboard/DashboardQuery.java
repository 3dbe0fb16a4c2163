package dev.telemetry.beacon.dashboard;

import dev.telemetry.beacon.ingest.Report;

import dev.telemetry.beacon.releases.Releases;
import dev.telemetry.beacon.releases.Version;
import dev.telemetry.beacon.store.Facets;
import dev.telemetry.beacon.store.Histograms;
import dev.telemetry.beacon.store.Store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /** " AND app_name = ? AND app_version = ?" as the filter asks; {@code anyVersion}: the table has '*' rows. */
    private static String where(Filter f, boolean anyVersion) {
        String s = f.app().isEmpty() ? "" : " AND app_name = ?";
        if (!f.version().isEmpty() || anyVersion) {
            s += " AND app_version = ?";
        }
        return s;
    }

    private static int bind(PreparedStatement ps, int i, Filter f, boolean anyVersion) throws SQLException {
        if (!f.app().isEmpty()) {
            ps.setString(i++, f.app());
        }
        if (!f.version().isEmpty()) {
            ps.setString(i++, f.version());
        } else if (anyVersion) {
            ps.setString(i++, Facets.ANY_VERSION);
        }
        return i;
    }

    private static void choices(Connection c, Filter f, List<String> apps, List<String> versions) throws SQLException {
        Set<String> a = new TreeSet<>();
        Set<String> v = new TreeSet<>(Comparator.comparing((String s) -> Version.parse(s), Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed().thenComparing(Comparator.naturalOrder()));
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT app_name, app_version FROM daily_active WHERE app_version <> ?")) {
            ps.setString(1, Facets.ANY_VERSION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    a.add(rs.getString(1));
                    if (f.app().isEmpty() || f.app().equals(rs.getString(1))) {
                        v.add(rs.getString(2));
                    }
                }
            }
        }
        apps.addAll(a);
        versions.addAll(v);
    }

    private static Dashboard.Active active(Connection c, Filter f) throws SQLException {
        LocalDate t = f.today();
        LocalDate oldest = f.from().isBefore(t.minusDays(29)) ? f.from() : t.minusDays(29);
        String sql = "SELECT SUM(CASE WHEN last_day >= ? THEN installations ELSE 0 END),"
                + " SUM(CASE WHEN last_day >= ? THEN installations ELSE 0 END),"
                + " SUM(CASE WHEN last_day >= ? THEN installations ELSE 0 END),"
                + " SUM(CASE WHEN last_day >= ? THEN installations ELSE 0 END)"
                + " FROM active_by WHERE dim = 'all' AND last_day >= ?" + where(f, false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, t);
            ps.setObject(2, t.minusDays(6));
            ps.setObject(3, t.minusDays(29));
            ps.setObject(4, f.from());
            ps.setObject(5, oldest);
            bind(ps, 6, f, false);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Dashboard.Active(sum(rs, 1), sum(rs, 2), sum(rs, 3), sum(rs, 4));
            }
        }
    }

    private static List<Dashboard.DayCount> trend(Connection c, Filter f) throws SQLException {
        Map<LocalDate, Long> byDay = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT on_day, SUM(installations) FROM daily_active WHERE on_day >= ?"
                + where(f, true) + " GROUP BY on_day")) {
            ps.setObject(1, f.from());
            bind(ps, 2, f, true);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byDay.put(rs.getObject(1, LocalDate.class), sum(rs, 2));
                }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT app_name, app_version, dim, val, SUM(installations) FROM active_by"
                + " WHERE last_day >= ?" + where(f, false) + " GROUP BY app_name, app_version, dim, val")) {
            ps.setObject(1, f.from());
            bind(ps, 2, f, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long n = sum(rs, 5);
                    if (n <= 0) {
                        continue;
                    }
                    String dim = rs.getString(3);
                    if (dim.equals("all")) {
                        byVersion.merge(List.of(rs.getString(1), rs.getString(2)), n, Long::sum);
                    } else if (byDim.containsKey(dim)) {
                        byDim.get(dim).merge(rs.getString(4), n, Long::sum);
                    }
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
        try (PreparedStatement ps = c.prepareStatement("SELECT command, operator, result, code, SUM(installations) FROM gaps_by"
                + " WHERE last_day >= ?" + where(f, true) + " GROUP BY command, operator, result, code")) {
            ps.setObject(1, f.from());
            bind(ps, 2, f, true);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (sum(rs, 5) > 0) {
                        installations.put(new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)), sum(rs, 5));
                    }
                }
            }
        }
        List<Dashboard.GapRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT command, operator, result, code,"
                + " SUM(CASE WHEN on_day >= ? THEN count ELSE 0 END), MIN(on_day), MAX(on_day) FROM daily_results"
                + " WHERE 1 = 1" + where(f, false) + " GROUP BY command, operator, result, code")) {
            ps.setObject(1, f.from());
            bind(ps, 2, f, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key k = new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4));
                    Long n = installations.get(k);
                    if (n == null) {
                        continue; // not hit in the period
                    }
                    boolean unsupported = UNSUPPORTED_NAMES.contains(k.result()) || UNSUPPORTED_CODES.contains(k.code());
                    rows.add(new Dashboard.GapRow(k.command(), k.operator(), k.result(), k.code() == Report.NO_CODE ? null : k.code(),
                            unsupported ? "unsupported" : "error", n, sum(rs, 5),
                            rs.getObject(6, LocalDate.class), rs.getObject(7, LocalDate.class)));
                }
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
    private static long sum(ResultSet rs, int column) throws SQLException {
        BigDecimal v = rs.getBigDecimal(column);
        return v == null ? 0 : v.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : v.longValue();
    }

    private static List<Dashboard.CommandRow> commands(Connection c, Filter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT command, SUM(count), SUM(failures), SUM(total_us)");
        for (int i = 0; i < Histograms.BUCKETS; i++) {
            sql.append(", SUM(").append(Histograms.column(i)).append(')');
        }
        sql.append(" FROM daily_commands WHERE on_day >= ?").append(where(f, false)).append(" GROUP BY command");
        List<Dashboard.CommandRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setObject(1, f.from());
            bind(ps, 2, f, false);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] h = new long[Histograms.BUCKETS];
                    for (int i = 0; i < h.length; i++) {
                        h[i] = sum(rs, 5 + i);
                    }
                    long count = sum(rs, 2);
                    rows.add(new Dashboard.CommandRow(rs.getString(1), count, sum(rs, 3), count == 0 ? 0 : sum(rs, 4) / count,
                            Histograms.percentileMicros(h, 0.50), Histograms.percentileMicros(h, 0.95), Histograms.percentileMicros(h, 0.99)));
                }
            }
        }
        rows.sort(Comparator.comparingLong(Dashboard.CommandRow::count).reversed().thenComparing(Dashboard.CommandRow::command));
        return rows.size() > TOP ? new ArrayList<>(rows.subList(0, TOP)) : rows;
    }
}
