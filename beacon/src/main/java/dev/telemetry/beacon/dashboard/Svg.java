package dev.telemetry.beacon.dashboard;

import java.util.List;
import java.util.Map;

/** The dashboard's two charts, drawn as SVG on the server: no script, no library, nothing fetched. */
final class Svg {
    private Svg() {}

    /** Installations per day as columns, with the highest value and the first and last day labelled. */
    static String trend(List<Dashboard.DayCount> days, String id) {
        // about the page's width at 1:1, so the labels come out at the size of the text around them
        int w = 1200;
        int h = 200;
        int top = 20;
        int bottom = 24;
        long max = 1;
        for (Dashboard.DayCount d : days) {
            max = Math.max(max, d.installations());
        }
        double slot = (double) w / days.size();
        double bar = Math.max(1, slot * 0.8);
        StringBuilder s = new StringBuilder();
        s.append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ").append(w).append(' ').append(h)
                .append("\" role=\"img\" aria-label=\"installations reporting per day\">");
        s.append("<line x1=\"0\" y1=\"").append(h - bottom).append("\" x2=\"").append(w).append("\" y2=\"").append(h - bottom)
                .append("\" class=\"axis\"/>");
        s.append("<text x=\"2\" y=\"12\" class=\"label\">").append(DashboardPage.num(max)).append("</text>");
        for (int i = 0; i < days.size(); i++) {
            Dashboard.DayCount d = days.get(i);
            double bh = (h - top - bottom) * (double) d.installations() / max;
            s.append(String.format(java.util.Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\">",
                    i * slot + (slot - bar) / 2, h - bottom - bh, bar, bh));
            s.append("<title>").append(d.day()).append(": ").append(DashboardPage.num(d.installations())).append("</title></rect>");
        }
        s.append("<text x=\"0\" y=\"").append(h - 6).append("\" class=\"label\">").append(days.get(0).day()).append("</text>");
        s.append("<text x=\"").append(w).append("\" y=\"").append(h - 6).append("\" class=\"label\" text-anchor=\"end\">")
                .append(days.get(days.size() - 1).day()).append("</text>");
        return s.append("</svg>").toString();
    }

    /** Horizontal bars, one per label, longest first as given. */
    static String bars(List<Map.Entry<String, Long>> rows) {
        int w = 360;
        int row = 20;
        int labelWidth = 150;
        long max = 1;
        for (Map.Entry<String, Long> r : rows) {
            max = Math.max(max, r.getValue());
        }
        int h = Math.max(row, rows.size() * row);
        StringBuilder s = new StringBuilder("<svg class=\"chart bars\" viewBox=\"0 0 " + w + " " + h + "\" role=\"img\">");
        for (int i = 0; i < rows.size(); i++) {
            Map.Entry<String, Long> r = rows.get(i);
            double bw = (w - labelWidth - 60) * (double) r.getValue() / max;
            int y = i * row;
            s.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 14)
                    .append("\" class=\"label\" text-anchor=\"end\">").append(Html.esc(shorten(r.getKey()))).append("</text>");
            s.append(String.format(java.util.Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"bar\"/>",
                    labelWidth, y + 3, Math.max(1, bw), row - 6));
            s.append(String.format(java.util.Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"label\">%,d</text>",
                    labelWidth + Math.max(1, bw) + 4, y + 14, r.getValue()));
        }
        return s.append("</svg>").toString();
    }

    private static String shorten(String s) {
        return s.length() <= 22 ? s : s.substring(0, 21) + "…";
    }
}
