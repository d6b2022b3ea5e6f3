package io.tributary.ops.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LivePageTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void thePageIsOneSelfContainedFileAndTheJsonHoldsEveryRowSoFarWithNaNAsNull() throws Exception {
        try (LivePage page = new LivePage("127.0.0.1", 0, "run-a", 1000, null)) {
            assertTrue(page.url().startsWith("http://127.0.0.1:" + page.port() + "/"), page.url());
            page.record(100, 1.5, row(Double.NaN, 10));
            page.record(200, 2.5, row(-900.25, 20));
            page.record(300, 3.5, row(-800.5, 30));

            HttpResponse<String> html = get(page.url());
            assertEquals(200, html.statusCode());
            assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            // nothing fetched from elsewhere: no external script, style sheet, image or font, and no absolute URL but SVG's namespace
            assertFalse(Pattern.compile("<script[^>]*src=|<link|<img|@import|url\\(").matcher(html.body()).find());
            Matcher urls = Pattern.compile("https?://[^\"'\\s)]+").matcher(html.body());
            while (urls.find()) assertEquals("http://www.w3.org/2000/svg", urls.group());

            Map<String, Object> j = json(page.url() + "metrics.json");
            assertEquals("run-a", j.get("run"));
            assertEquals(1000.0, j.get("totalSteps"));
            assertEquals(3.0, j.get("recorded"));
            assertNull(j.get("actors"));
            List<?> tags = (List<?>) j.get("tags");
            assertEquals(List.of("charts/episodic_return", "charts/SPS"), tags);
            List<?> rows = (List<?>) j.get("rows");
            assertEquals(java.util.Arrays.asList(0.0, 100.0, 1.5, null, 10.0), rows.get(0));
            assertEquals(List.of(2.0, 300.0, 3.5, -800.5, 30.0), rows.get(2));

            Map<String, Object> next = json(page.url() + "metrics.json?after=1&generation=" + j.get("generation").toString().replace(".0", ""));
            assertEquals(List.of(List.of(2.0, 300.0, 3.5, -800.5, 30.0)), next.get("rows"));
            assertEquals(false, next.get("full"));
            assertEquals(404, get(page.url() + "nothing").statusCode());
        }
    }

    @Test
    void aFullStoreKeepsEveryOtherRowAndAPageWithAnOlderGenerationGetsAllOfThemAgain() {
        LiveRows rows = new LiveRows(4);
        for (int i = 0; i < 5; i++) rows.add(i * 10L, i, Map.of("x", (double) i));
        LiveRows.Snapshot s = rows.since(3, 0);
        assertEquals(1, s.generation());
        assertTrue(s.full());
        assertEquals(List.of(0L, 2L, 4L), s.rows().stream().map(LiveRows.Row::seq).toList());
        assertEquals(5, s.recorded());
        LiveRows.Snapshot incremental = rows.since(2, 1);
        assertFalse(incremental.full());
        assertEquals(List.of(4L), incremental.rows().stream().map(LiveRows.Row::seq).toList());
        assertEquals(40L, incremental.rows().get(0).step());
    }

    @Test
    void theActorTableShowsEachProcessAndCountsAChangedPidAsARestart() throws Exception {
        List<ProcessHandle> now = new ArrayList<>(List.of(ProcessHandle.current()));
        try (LivePage page = new LivePage("127.0.0.1", 0, "run-b", 10, LivePage.actorsOf(() -> List.copyOf(now)))) {
            Map<?, ?> a = (Map<?, ?>) ((List<?>) json(page.url() + "metrics.json").get("actors")).get(0);
            assertEquals((double) ProcessHandle.current().pid(), a.get("pid"));
            assertEquals(true, a.get("alive"));
            assertEquals(0.0, a.get("restarts"));
            now.set(0, ProcessHandle.current().parent().orElseThrow());
            a = (Map<?, ?>) ((List<?>) json(page.url() + "metrics.json").get("actors")).get(0);
            assertEquals((double) ProcessHandle.current().parent().orElseThrow().pid(), a.get("pid"));
            assertEquals(1.0, a.get("restarts"));
        }
    }

    @Test
    void aPortInUseIsRefusedWithTheOptionToChange() throws Exception {
        try (LivePage first = new LivePage("127.0.0.1", 0, "r", 1, null)) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                    () -> new LivePage("127.0.0.1", first.port(), "r", 1, null));
            assertTrue(e.getMessage().contains("--ui-port"), e.getMessage());
        }
    }

    private static Map<String, Double> row(double ret, double sps) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("charts/episodic_return", ret);
        m.put("charts/SPS", sps);
        return m;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertEquals(200, r.statusCode(), r.body());
        return (Map<String, Object>) MiniJson.parse(r.body());
    }
}
