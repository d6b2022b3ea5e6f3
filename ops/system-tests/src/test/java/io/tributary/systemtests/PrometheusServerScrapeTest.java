package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's, which {@code .ci/run} installs) scrapes a training run's {@code --metrics-port}
 * every half second, and a value queried back from its HTTP API is one the run wrote to {@code metrics.csv}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PrometheusServerScrapeTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"]");

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aPrometheusServerScrapesTheRunAndAnswersWithAStepTheRunLogged(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "skipped: no Prometheus server at " + PROMETHEUS + " (apt-get install prometheus)");
        int metricsPort = freePort();
        int promPort = freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\nscrape_configs:\n"
                + "  - job_name: tributary\n    static_configs:\n      - targets: ['127.0.0.1:" + metricsPort + "']\n");
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        // the run goes on until the server has answered (a fast machine would finish a short one before the first
        // scrape), then a SIGTERM stops it the way Ctrl-C does, with metrics.csv complete
        Path trainOut = tmp.resolve("train.out");
        Process train = new ProcessBuilder(RunIsolationTest.java("io.tributary.ops.cli.Main", List.of("train", "--actors", "0",
                "--num-steps", "256", "--num-minibatches", "4", "--update-epochs", "1", "--total-timesteps", "100000000",
                "--runs-dir", tmp.toString(), "--run-name", "run", "--metrics-port", Integer.toString(metricsPort))))
                .redirectErrorStream(true).redirectOutput(trainOut.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI query = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode("max_over_time(tributary_global_step[1h])", StandardCharsets.UTF_8));
            double answered = Double.NaN;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Double.isNaN(answered) && train.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                try {
                    Matcher m = VALUE.matcher(http.send(HttpRequest.newBuilder(query).build(), HttpResponse.BodyHandlers.ofString()).body());
                    if (m.find() && Double.parseDouble(m.group(1)) > 0) answered = Double.parseDouble(m.group(1));
                } catch (java.io.IOException notUpYet) {
                    // the server is still starting
                }
            }
            assertTrue(answered > 0, "Prometheus answered no step; its log:\n" + Files.readString(tmp.resolve("prometheus.log"))
                    + "\nthe run:\n" + Files.readString(trainOut));
            train.destroy(); // SIGTERM
            assertTrue(train.waitFor(60, TimeUnit.SECONDS), "the run stops on SIGTERM");
            List<String> csv = Files.readAllLines(tmp.resolve("run").resolve("metrics.csv"));
            int col = Arrays.asList(csv.get(0).split(",")).indexOf("global_step");
            assertTrue(col >= 0, csv.get(0));
            long step = (long) answered;
            assertTrue(csv.stream().skip(1).anyMatch(r -> Long.parseLong(r.split(",")[col]) == step),
                    "Prometheus's step " + step + " is a row of metrics.csv");
        } finally {
            train.destroyForcibly();
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
            prometheus.destroyForcibly();
        }
    }
}
