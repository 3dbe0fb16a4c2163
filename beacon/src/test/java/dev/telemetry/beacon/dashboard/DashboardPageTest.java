package dev.telemetry.beacon.dashboard;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardPageTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private static Dashboard dashboard(int gaps, String operator) {
        List<Dashboard.GapRow> rows = new ArrayList<>();
        for (int i = 0; i < gaps; i++) {
            rows.add(new Dashboard.GapRow("find", i == 0 ? operator : "$op" + i, "NotImplemented", 238, "unsupported",
                    gaps - i, 1_234_567L, TODAY, TODAY));
        }
        Map<String, List<Dashboard.Share>> breakdowns = new LinkedHashMap<>();
        breakdowns.put("java", List.of(new Dashboard.Share("17", 3)));
        return new Dashboard(new Filter("", "", 7, TODAY), List.of("test-app"), List.of("1.0.0"),
                new Dashboard.Active(1, 2_500, 3, 4), List.of(new Dashboard.DayCount(TODAY, 1)),
                new ArrayList<>(List.of(new Dashboard.VersionShare("test-app", "1.0.0", 2_500, "up to date", "1.0.0"))),
                breakdowns, rows, List.of());
    }

    @Test
    void showsTwentyRowsAndSaysHowManyMoreTheJsonHas() {
        String page = DashboardPage.render(dashboard(50, "$where"));
        assertThat(page.split("<tr class=\"gap\">", -1)).hasSize(DashboardPage.PAGE_ROWS + 1);
        assertThat(page).contains("30 more in <code>/api/dashboard</code>");
        assertThat(DashboardPage.render(dashboard(3, "$where"))).doesNotContain("more in");
    }

    @Test
    void groupsDigitsAndEscapesEveryValue() {
        String page = DashboardPage.render(dashboard(1, "<script>alert(1)</script>"));
        assertThat(page).contains("id=\"active-7\">2,500<", "<td class=\"n\">1,234,567</td>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(DashboardPage.login("<b>")).contains("&lt;b&gt;").doesNotContain("<b>");
    }
}
