package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.ops.cli.Main;
import io.tributary.ops.metrics.EventFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline run (this JVM the learner, two actor JVMs) with {@code --metrics-port}: Prometheus is scraped while it
 * trains, and afterwards its TensorBoard events (read by the independent Python reader) and the scraped values agree
 * with {@code metrics.csv}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PipelineMonitoringTest {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^(tributary_[A-Za-z0-9_]+)(?:\\{[^}]*})? (\\S+)$");

    @Test
    void prometheusIsScrapedWhileThePipelineTrainsAndItsNumbersAndTheTensorBoardEventsMatchMetricsCsv(@TempDir Path tmp)
            throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] code = {-1};
        Thread train = new Thread(() -> code[0] = Main.run(new String[] {"train", "--actors", "2", "--envs-per-actor", "2",
                "--num-steps", "128", "--num-minibatches", "4", "--update-epochs", "1", "--total-timesteps", "1000000", "--iterations",
                "40", "--runs-dir", tmp.toString(), "--run-name", "run", "--aeron-dir", tmp.resolve("aeron").toString(),
                "--metrics-port", Integer.toString(port)}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        train.start();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Double> scraped = Map.of();
        boolean duringTraining = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (train.isAlive() && System.nanoTime() < deadline) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                scraped = samples(body);
                if (scraped.getOrDefault("tributary_charts_episodic_return", Double.NaN) < 0) {
                    duringTraining = train.isAlive();
                    break;
                }
            } catch (java.io.IOException notYet) {
                // the endpoint opens when the run starts
            }
            Thread.sleep(20);
        }
        train.join(TimeUnit.SECONDS.toMillis(120));
        assertEquals(0, code[0], out.toString(StandardCharsets.UTF_8));
        assertTrue(duringTraining, "a scrape with an episodic return while the run trained; last scrape: " + scraped);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Prometheus metrics at http://"), out.toString(StandardCharsets.UTF_8));

        Path run = tmp.resolve("run");
        List<Map<String, Double>> rows = EventFiles.csv(run);
        assertEquals(40, rows.size());
        double step = scraped.get("tributary_global_step");
        Map<String, Double> row = rows.stream().filter(r -> r.get("env_steps") == step).findFirst().orElseThrow();
        // a gauge keeps its last value: the return of the last iteration up to this one in which episodes ended
        double lastReturn = rows.stream().filter(r -> r.get("env_steps") <= step && r.containsKey("mean_episodic_return"))
                .reduce((a, b) -> b).orElseThrow().get("mean_episodic_return");
        assertEquals(lastReturn, scraped.get("tributary_charts_episodic_return"), 1e-3);
        assertEquals(row.get("env_steps_per_s"), scraped.get("tributary_charts_SPS"), 0.051);
        assertEquals(row.get("version"), scraped.get("tributary_version"));
        assertEquals(0.0, scraped.get("tributary_policy_lag"));
        for (String name : List.of("tributary_charts_learning_rate", "tributary_losses_value_loss", "tributary_fragments_dropped",
                "tributary_rollout_s", "tributary_transfer_s", "tributary_update_s", "tributary_broadcast_s")) {
            assertTrue(scraped.containsKey(name), name + " in " + scraped.keySet());
        }

        List<EventFiles.Event> events = EventFiles.read(run);
        assertEquals(rows.size(), events.size());
        Map<String, String> columnOf = Map.of("charts/episodic_return", "mean_episodic_return", "charts/SPS", "env_steps_per_s",
                "charts/episodic_length", "mean_episodic_length", "tributary/policy_lag", "policy_lag", "tributary/fragments_dropped",
                "fragments_dropped", "tributary/update_s", "update_s", "losses/value_loss", "losses/value_loss",
                "charts/learning_rate", "charts/learning_rate");
        for (int i = 0; i < rows.size(); i++) {
            EventFiles.Event e = events.get(i);
            assertEquals(rows.get(i).get("env_steps").longValue(), e.step(), "event " + i);
            for (var c : columnOf.entrySet()) {
                Double want = rows.get(i).get(c.getValue());
                if (want == null) continue; // no episode ended in this iteration
                assertEquals(want, e.values().get(c.getKey()), Math.abs(want) * 1e-5 + 0.051, c.getKey() + " at event " + i);
            }
        }
        assertTrue(events.get(39).values().get("charts/episodic_length") == 200.0, events.get(39).values().toString());
    }

    private static Map<String, Double> samples(String body) {
        Map<String, Double> m = new HashMap<>();
        Matcher x = SAMPLE.matcher(body);
        while (x.find()) m.put(x.group(1), Double.parseDouble(x.group(2)));
        return m;
    }
}
