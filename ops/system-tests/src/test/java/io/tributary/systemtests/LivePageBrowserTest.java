package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.ops.cli.Main;
import io.tributary.ops.metrics.EventFiles;
import io.tributary.ops.ui.MiniJson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real browser: Debian's chromium, headless, driven by chromedriver over the WebDriver HTTP
 * protocol (a few JSON requests, {@link WebDriver}). A pipeline run (this JVM the learner, two actor JVMs) with
 * {@code --ui-port 0}; the page is opened while it trains, its numbers are checked against {@code metrics.csv} and a
 * screenshot goes to {@code target/live-page.png}. Skipped, saying why, where chromium or chromedriver is missing
 * ({@code .ci/run} and {@code ops/setup.sh} install both).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LivePageBrowserTest {

    /** Enough that the run still trains when its actors are checked (after the 20th return point; about 25 iterations a second). */
    static final int ITERATIONS = 300;
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern URL = Pattern.compile("live page: (http://\\S+)");

    /** What the page shows, read by one script: tiles' data-value and text, rows held, points per chart, actor rows. */
    private static final String READ = """
            const t = id => { const e = document.getElementById(id); return {text: e.textContent, value: e.getAttribute('data-value')}; };
            const svg = id => { const e = document.querySelector('#' + id + ' svg'); return e ? +e.getAttribute('data-points') : -1; };
            const lines = document.querySelectorAll('#c-return polyline').length;
            return JSON.stringify({rows: +document.body.getAttribute('data-rows'), iteration: t('iteration'), steps: t('steps'),
                ret: t('return'), sps: t('sps'), lag: t('lag'), dropped: t('dropped'), returnPoints: svg('c-return'), returnLines: lines,
                spsPoints: svg('c-sps'), lossCharts: document.querySelectorAll('[id^="c-losses-"] svg').length,
                actors: [...document.querySelectorAll('#actors tr[data-actor]')].map(r => ({pid: +r.children[1].textContent,
                    alive: r.getAttribute('data-alive') === 'true', state: r.children[2].textContent})),
                state: document.getElementById('state').textContent});
            """;

    @Test
    void thePageOpenedInHeadlessChromiumWhileThePipelineTrainsDrawsTheCurvesAndShowsTheNumbersOfMetricsCsv(@TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run installs them)");
        long t0 = System.nanoTime();
        try (WebDriver browser = WebDriver.start(tmp.resolve("chromium"))) {
            System.err.printf("LivePageBrowserTest: chromium session after %.1f s%n", (System.nanoTime() - t0) / 1e9);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] code = {-1};
            Thread train = new Thread(() -> code[0] = Main.run(new String[] {"train", "--actors", "2", "--envs-per-actor", "2",
                    "--num-steps", "128", "--num-minibatches", "4", "--update-epochs", "1", "--total-timesteps", "1000000",
                    "--iterations", Integer.toString(ITERATIONS), "--runs-dir", tmp.toString(), "--run-name", "run", "--aeron-dir", tmp.resolve("aeron").toString(),
                    "--ui-port", "0", "--progress", "false"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
            train.start();
            try {
                String url = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (url == null && train.isAlive() && System.nanoTime() < deadline) {
                    Matcher m = URL.matcher(out.toString(StandardCharsets.UTF_8));
                    if (m.find()) url = m.group(1);
                    else Thread.sleep(20);
                }
                assertTrue(url != null && url.startsWith("http://127.0.0.1:"), "the live page's address on stdout: " + out);
                browser.open(url);
                System.err.printf("LivePageBrowserTest: page opened after %.1f s%n", (System.nanoTime() - t0) / 1e9);

                // wait until the return curve has points enough to look like one
                Map<?, ?> shown = null;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
                while (train.isAlive() && System.nanoTime() < deadline) {
                    shown = (Map<?, ?>) MiniJson.parse((String) browser.execute(READ));
                    if (((Double) shown.get("returnPoints")) >= 20) break;
                    Thread.sleep(200);
                }
                assertTrue(train.isAlive(), "the run still trains when the page has 20 return points; page: " + shown + "\n" + out);
                assertTrue((Double) shown.get("returnPoints") >= 20, "points on the return curve: " + shown);
                // the actor table: both spawned actors, running, as this JVM's child actor processes, checked in /proc right
                // after the page was read. The run must still be going then: at its end the actors exit, and a pid the page
                // showed a moment earlier is a zombie (empty cmdline) or gone (both seen in CI with 150 iterations)
                List<?> actors = (List<?>) shown.get("actors");
                assertEquals(2, actors.size(), "actor rows: " + shown);
                for (Object o : actors) {
                    Map<?, ?> a = (Map<?, ?>) o;
                    assertEquals(true, a.get("alive"), a.toString());
                    assertEquals("running", a.get("state"));
                    long pid = ((Double) a.get("pid")).longValue();
                    String stat = procFile(pid, "stat"); // pid (comm) state ppid ...: the fields after the last ')'
                    String cmdline = procFile(pid, "cmdline");
                    int comm = stat.lastIndexOf(')');
                    String[] fields = comm >= 0 && comm + 2 <= stat.length() ? stat.substring(comm + 2).split(" ") : new String[0];
                    assertEquals(Long.toString(ProcessHandle.current().pid()), fields.length > 1 ? fields[1] : "", a + ": /proc/" + pid + "/stat " + stat);
                    assertTrue(cmdline.contains("io.tributary.actors.ActorMain"), a + " runs the actor's main class: /proc/" + pid + "/stat " + stat);
                }
                assertTrue(EventFiles.csv(tmp.resolve("run")).size() < ITERATIONS,
                        "the run was still training when its actors were looked up (its last row is written before they stop)");

                byte[] png = browser.screenshot();
                Path shot = Path.of("target", "live-page.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, png);

                // the page's last row against metrics.csv's row at the same env step (the CSV row is written before the page gets it)
                List<Map<String, Double>> csv = EventFiles.csv(tmp.resolve("run"));
                double steps = Double.parseDouble(value(shown, "steps"));
                Map<String, Double> row = csv.stream().filter(r -> r.get("env_steps") == steps).findFirst()
                        .orElseThrow(() -> new AssertionError("no metrics.csv row at env step " + steps));
                List<Map<String, Double>> upTo = csv.stream().filter(r -> r.get("env_steps") <= steps).toList();
                double lastReturn = upTo.stream().filter(r -> r.containsKey("mean_episodic_return")).reduce((a, b) -> b).orElseThrow()
                        .get("mean_episodic_return");
                assertEquals(String.format(Locale.ROOT, "%,d", (long) steps), text(shown, "steps"));
                assertEquals(row.get("iteration"), Double.parseDouble(value(shown, "iteration")));
                // shown with 2 decimals of the full value; the CSV's 3 decimals can round the other way at a 5
                assertTrue(text(shown, "ret").matches("-?\\d+\\.\\d{2}"), text(shown, "ret"));
                assertEquals(lastReturn, Double.parseDouble(text(shown, "ret")), 0.005 + 5e-4);
                assertEquals(lastReturn, Double.parseDouble(value(shown, "ret")), 5e-4); // the CSV has 3 decimals
                assertEquals(row.get("env_steps_per_s"), Double.parseDouble(value(shown, "sps")), 0.05); // 1 decimal
                assertEquals(String.format(Locale.ROOT, "%,d", Math.round(Double.parseDouble(value(shown, "sps")))), text(shown, "sps"));
                assertEquals("0", text(shown, "lag"));
                assertEquals(row.get("fragments_dropped"), Double.parseDouble(value(shown, "dropped")));
                assertEquals((double) upTo.size(), shown.get("rows"), "rows the page holds");
                assertEquals((double) upTo.stream().filter(r -> r.containsKey("mean_episodic_return")).count(), shown.get("returnPoints"));
                assertEquals((double) upTo.size(), shown.get("spsPoints"));
                assertEquals(1.0, shown.get("returnLines"));
                assertTrue((Double) shown.get("lossCharts") >= 5, "a chart per losses/* tag: " + shown);
                assertEquals("training", shown.get("state"));

                // the screenshot: a PNG of the window's size, drawn (many colours, far from blank)
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals(WebDriver.WIDTH, img.getWidth());
                Set<Integer> colours = new HashSet<>();
                int background = img.getRGB(2, img.getHeight() - 3), other = 0;
                for (int y = 0; y < img.getHeight(); y += 2) {
                    for (int x = 0; x < img.getWidth(); x += 2) {
                        int c = img.getRGB(x, y);
                        colours.add(c);
                        if (c != background) other++;
                    }
                }
                assertTrue(colours.size() > 50, colours.size() + " colours in " + shot.toAbsolutePath());
                assertTrue(other > img.getWidth() * img.getHeight() / 4 / 10, other + " pixels differ from the background");
            } finally {
                train.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertEquals(0, code[0], out.toString(StandardCharsets.UTF_8));
        }
    }

    /** A file of /proc/PID as text (NULs as spaces), or why it could not be read. */
    private static String procFile(long pid, String name) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), name)), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String text(Map<?, ?> shown, String tile) {
        return (String) ((Map<?, ?>) shown.get(tile)).get("text");
    }

    private static String value(Map<?, ?> shown, String tile) {
        return (String) ((Map<?, ?>) shown.get(tile)).get("value");
    }

    /**
     * A WebDriver client in a few requests: chromedriver started on a free port, one session of headless chromium,
     * navigate, execute a script, take a screenshot; {@link #close} ends the session and stops chromedriver.
     */
    static final class WebDriver implements AutoCloseable {

        static final int WIDTH = 1400, HEIGHT = 1100;

        private final HttpClient http = HttpClient.newHttpClient();
        private final Process driver;
        private final String base;
        private String session;

        private WebDriver(Process driver, String base) {
            this.driver = driver;
            this.base = base;
        }

        static WebDriver start(Path profile) throws Exception {
            int port;
            try (var s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            WebDriver d = new WebDriver(p, "http://127.0.0.1:" + port);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (true) {
                    try {
                        if (d.call("GET", "/status", null).contains("\"ready\":true")) break;
                    } catch (java.io.IOException notYet) {
                        // chromedriver is starting
                    }
                    if (System.nanoTime() > deadline) throw new IllegalStateException("chromedriver did not start");
                    Thread.sleep(50);
                }
                String args = String.join(",", List.of("\"--headless=new\"", "\"--no-sandbox\"", "\"--disable-gpu\"",
                        "\"--disable-dev-shm-usage\"", "\"--hide-scrollbars\"", "\"--window-size=" + WIDTH + "," + HEIGHT + "\"",
                        "\"--user-data-dir=" + profile.toAbsolutePath() + "\""));
                Map<?, ?> r = d.post("/session", "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":"
                        + "{\"binary\":\"" + CHROMIUM + "\",\"args\":[" + args + "]}}}}");
                d.session = (String) ((Map<?, ?>) r.get("value")).get("sessionId");
                return d;
            } catch (Exception e) {
                d.close();
                throw e;
            }
        }

        void open(String url) throws Exception {
            post("/session/" + session + "/url", "{\"url\":\"" + url + "\"}");
        }

        Object execute(String script) throws Exception {
            String body = "{\"script\":" + quote(script) + ",\"args\":[]}";
            return post("/session/" + session + "/execute/sync", body).get("value");
        }

        byte[] screenshot() throws Exception {
            String b64 = (String) ((Map<?, ?>) MiniJson.parse(call("GET", "/session/" + session + "/screenshot", null))).get("value");
            return Base64.getDecoder().decode(b64);
        }

        private Map<?, ?> post(String path, String json) throws Exception {
            Map<?, ?> r = (Map<?, ?>) MiniJson.parse(call("POST", path, json));
            if (r.get("value") instanceof Map<?, ?> v && v.containsKey("error")) throw new IllegalStateException(path + ": " + v);
            return r;
        }

        private String call(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(java.time.Duration.ofSeconds(30));
            b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                    : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        private static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') b.append('\\').append(c);
                else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                else b.append(c);
            }
            return b.append('"').toString();
        }

        @Override
        public void close() {
            try {
                if (session != null) call("DELETE", "/session/" + session, null);
            } catch (Exception ignored) {
                // the driver goes next anyway
            } finally {
                driver.destroy();
                try {
                    if (!driver.waitFor(5, TimeUnit.SECONDS)) driver.destroyForcibly();
                } catch (InterruptedException e) {
                    driver.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
