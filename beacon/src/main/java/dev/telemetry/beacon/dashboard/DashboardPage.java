package dev.telemetry.beacon.dashboard;

import dev.telemetry.beacon.store.Histograms;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard as one HTML page with inline CSS and SVG: no script, no build step, nothing loaded
 * from elsewhere. The filter is a plain GET form, so every view has its own address.
 */
public final class DashboardPage {
    private static final Map<String, String> DIM_TITLES = Map.of("backend", "Backend", "installation_type", "Installation type",
            "java", "Java version", "os_arch", "OS / architecture", "country", "Country", "cloud", "Cloud provider / region",
            "telemetry", "Telemetry state");
    private static final int BAR_ROWS = 8;
    /** Rows of the gaps and commands tables on the page; the JSON has up to {@link DashboardQuery#TOP}. */
    static final int PAGE_ROWS = 20;

    private DashboardPage() {}

    static final String STYLE = "<style>"
            + "body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2733;background:#f4f6f8}"
            + "header{background:#1d2733;color:#fff;padding:12px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}"
            + "header h1{font-size:18px;margin:0}form{display:flex;gap:8px;align-items:center}"
            + "main{padding:16px 24px;display:grid;gap:16px}section{background:#fff;border-radius:6px;padding:12px 16px;"
            + "box-shadow:0 1px 2px #0002}h2{font-size:15px;margin:0 0 8px}"
            + ".cards{display:grid;grid-template-columns:repeat(4,1fr);gap:16px}.card b{display:block;font-size:28px}"
            + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #e3e7eb}"
            + "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:16px;align-items:start}"
            + ".chart{width:100%;height:auto}.bar{fill:#3572b0}.axis{stroke:#99a}.label{font-size:11px;fill:#445}"
            + "header .muted{color:#b8c2cc}td.status{white-space:nowrap}#versions td,#versions th{padding:3px 5px}section{overflow-x:auto}"
            + ".unsupported{color:#a4262c;font-weight:600}.behind{color:#a4262c}.uptodate{color:#2b7a0b}.muted{color:#667}"
            + "</style>";

    /** "up to date", or how far behind the stored reports the numbers are. */
    static String freshness(Dashboard.Freshness fr) {
        if (fr.pendingRows() == 0) {
            return "up to date";
        }
        return "data " + (fr.secondsBehind() < 1 ? "under a second" : String.format(java.util.Locale.ROOT, "%.0f s", fr.secondsBehind()))
                + " behind: " + num(fr.pendingRows()) + (fr.pendingRows() == 1 ? " report" : " reports") + " not folded in yet";
    }

    public static String render(Dashboard d) {
        Filter f = d.filter();
        StringBuilder s = new StringBuilder(16_384);
        s.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Telemetry dashboard</title>")
                .append("<meta name=\"viewport\" content=\"width=device-width\">").append(STYLE).append("</head><body>");
        s.append("<header><h1>Telemetry dashboard</h1><form id=\"filter\" method=\"get\" action=\"/\">");
        select(s, "app", "Application", f.app(), d.apps(), "all applications");
        select(s, "version", "Version", f.version(), d.versions(), "all versions");
        s.append("<label>Period <select name=\"days\">");
        for (int p : Filter.PERIODS) {
            s.append("<option value=\"").append(p).append('"').append(p == f.days() ? " selected" : "").append('>')
                    .append(p == 1 ? "today" : "last " + p + " days").append("</option>");
        }
        s.append("</select></label><button type=\"submit\">Apply</button></form>")
                .append("<span class=\"muted\">").append(f.from()).append(" to ").append(f.today()).append(" (UTC)</span>")
                .append("<span class=\"muted\" id=\"freshness\">").append(freshness(d.freshness())).append("</span></header><main>");

        Dashboard.Active a = d.active();
        s.append("<section class=\"cards\">");
        card(s, "active-1", "Active today", a.day1());
        card(s, "active-7", "Active, last 7 days", a.days7());
        card(s, "active-30", "Active, last 30 days", a.days30());
        card(s, "active-period", "Active in the period", a.period());
        s.append("</section>");

        s.append("<section><h2>Installations reporting per day</h2>").append(Svg.trend(d.trend(), "trend")).append("</section>");

        s.append("<section><h2>Compatibility gaps</h2><p class=\"muted\">Failing (command, operator, error) in the period, "
                + "unsupported features first, then by installations that hit them, then by count.</p>");
        if (d.gaps().isEmpty()) {
            s.append("<p id=\"no-gaps\">No failures in this period.</p>");
        } else {
            s.append("<table id=\"gaps\"><tr><th>Command</th><th>Operator</th><th>Error</th><th class=\"n\">Code</th><th>Kind</th>"
                    + "<th class=\"n\">Installations</th><th class=\"n\">Count</th><th>First seen</th><th>Last seen</th></tr>");
            for (Dashboard.GapRow g : d.gaps().subList(0, Math.min(PAGE_ROWS, d.gaps().size()))) {
                s.append("<tr class=\"gap\"><td>").append(Html.esc(g.command())).append("</td><td>").append(Html.esc(g.operator()))
                        .append("</td><td class=\"").append(g.kind()).append("\">").append(Html.esc(g.error())).append("</td><td class=\"n\">")
                        .append(g.code() == null ? "" : g.code()).append("</td><td>").append(g.kind()).append("</td><td class=\"n\">")
                        .append(num(g.installations())).append("</td><td class=\"n\">").append(num(g.count())).append("</td><td>")
                        .append(g.firstDay()).append("</td><td>").append(g.lastDay()).append("</td></tr>");
            }
            s.append("</table>");
            more(s, d.gaps().size());
        }
        s.append("</section>");

        s.append("<section><h2>Top commands</h2><p class=\"muted\">Latency percentiles from the merged histograms of all "
                + "installations: the dispatch at that rank took less than the value shown.</p>");
        s.append("<table id=\"commands\"><tr><th>Command</th><th class=\"n\">Dispatches</th><th class=\"n\">Failures</th>"
                + "<th class=\"n\">Mean</th><th class=\"n\">p50</th><th class=\"n\">p95</th><th class=\"n\">p99</th></tr>");
        for (Dashboard.CommandRow c : d.commands().subList(0, Math.min(PAGE_ROWS, d.commands().size()))) {
            s.append("<tr class=\"command\"><td>").append(Html.esc(c.command())).append("</td><td class=\"n\">").append(num(c.count()))
                    .append("</td><td class=\"n\">").append(num(c.failures())).append("</td><td class=\"n\">").append(micros(c.meanMicros()))
                    .append("</td><td class=\"n\">").append(edge(c.p50Micros())).append("</td><td class=\"n\">").append(edge(c.p95Micros()))
                    .append("</td><td class=\"n\">").append(edge(c.p99Micros())).append("</td></tr>");
        }
        s.append("</table>");
        more(s, d.commands().size());
        s.append("</section>");

        long upToDate = 0;
        long behind = 0;
        for (Dashboard.VersionShare v : d.versionShares()) {
            upToDate += v.status().equals("up to date") ? v.installations() : 0;
            behind += v.status().equals("behind") ? v.installations() : 0;
        }
        s.append("<div class=\"grid\"><section><h2>Versions</h2><p><span class=\"uptodate\" id=\"up-to-date\">").append(num(upToDate))
                .append("</span> up to date, <span class=\"behind\" id=\"behind\">").append(num(behind)).append("</span> behind</p>");
        s.append("<table id=\"versions\"><tr><th>Application</th><th>Version</th><th class=\"n\">Installations</th><th>Status</th><th>Latest</th></tr>");
        for (Dashboard.VersionShare v : d.versionShares()) {
            String cls = v.status().equals("behind") ? "behind" : v.status().equals("up to date") ? "uptodate" : "muted";
            s.append("<tr><td>").append(Html.esc(v.app())).append("</td><td>").append(Html.esc(v.version())).append("</td><td class=\"n\">")
                    .append(num(v.installations())).append("</td><td class=\"status ").append(cls).append("\">").append(v.status())
                    .append("</td><td>").append(Html.esc(v.latest())).append("</td></tr>");
        }
        s.append("</table></section>");
        for (Map.Entry<String, List<Dashboard.Share>> e : d.breakdowns().entrySet()) {
            s.append("<section id=\"by-").append(e.getKey()).append("\"><h2>").append(DIM_TITLES.getOrDefault(e.getKey(), e.getKey()))
                    .append("</h2>").append(Svg.bars(topRows(e.getValue()))).append("</section>");
        }
        s.append("</div></main></body></html>");
        return s.toString();
    }

    /** The page shown without the admin token: a form for it, and nothing else. */
    public static String login(String message) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Telemetry dashboard</title>"
                + "<meta name=\"viewport\" content=\"width=device-width\">" + STYLE
                + "</head><body><header><h1>Telemetry dashboard</h1></header><main><section>"
                + (message.isEmpty() ? "" : "<p class=\"behind\">" + Html.esc(message) + "</p>")
                + "<form id=\"login\" method=\"post\" action=\"/login\"><label>Admin token "
                + "<input type=\"password\" name=\"token\" autocomplete=\"current-password\" autofocus></label>"
                + "<button type=\"submit\">Open</button></form></section></main></body></html>";
    }

    private static List<Map.Entry<String, Long>> topRows(List<Dashboard.Share> shares) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>();
        long rest = 0;
        for (int i = 0; i < shares.size(); i++) {
            if (i < BAR_ROWS - 1 || shares.size() == BAR_ROWS) {
                rows.add(new AbstractMap.SimpleEntry<>(shares.get(i).value(), shares.get(i).installations()));
            } else {
                rest += shares.get(i).installations();
            }
        }
        if (rest > 0) {
            rows.add(new AbstractMap.SimpleEntry<>("(others)", rest));
        }
        if (rows.isEmpty()) {
            rows.add(new AbstractMap.SimpleEntry<>("(none)", 0L));
        }
        return rows;
    }

    private static void select(StringBuilder s, String name, String label, String chosen, List<String> values, String all) {
        s.append("<label>").append(label).append(" <select name=\"").append(name).append("\"><option value=\"\">").append(all).append("</option>");
        boolean found = chosen.isEmpty();
        for (String v : values) {
            found |= v.equals(chosen);
            s.append("<option value=\"").append(Html.esc(v)).append('"').append(v.equals(chosen) ? " selected" : "").append(">")
                    .append(Html.esc(v)).append("</option>");
        }
        if (!found) {
            s.append("<option value=\"").append(Html.esc(chosen)).append("\" selected>").append(Html.esc(chosen)).append("</option>");
        }
        s.append("</select></label>");
    }

    private static void more(StringBuilder s, int rows) {
        if (rows > PAGE_ROWS) {
            s.append("<p class=\"muted\">").append(rows - PAGE_ROWS).append(" more in <code>/api/dashboard</code>.</p>");
        }
    }

    /** 1234567 -> "1,234,567": counts on this page run into the billions. */
    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void card(StringBuilder s, String id, String title, long n) {
        s.append("<div class=\"card\">").append(title).append("<b id=\"").append(id).append("\">").append(num(n)).append("</b></div>");
    }

    /** A bucket edge from {@link Histograms#percentileMicros}: "&lt; 512 µs". */
    static String edge(long micros) {
        if (micros < 0) {
            return "";
        }
        return micros == Histograms.UNBOUNDED ? "≥ " + micros(Histograms.LAST_BUCKET_MICROS) : "< " + micros(micros);
    }

    static String micros(long us) {
        if (us < 1000) {
            return us + " µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f s", us / 1_000_000.0);
    }
}
