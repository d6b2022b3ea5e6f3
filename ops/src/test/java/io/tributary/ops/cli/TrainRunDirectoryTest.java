package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.ops.metrics.EventFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainRunDirectoryTest {

    private static final String[] SHORT_RUN = {"train", "--actors", "0", "--num-envs", "2", "--num-steps", "128", "--num-minibatches", "2",
            "--update-epochs", "1", "--total-timesteps", "100000", "--iterations", "2"};

    private static String[] shortRun(Path dir, String name) {
        List<String> argv = new java.util.ArrayList<>(List.of(SHORT_RUN));
        argv.addAll(List.of("--runs-dir", dir.toString(), "--run-name", name));
        return argv.toArray(String[]::new);
    }

    @Test
    void aSingleProcessRunWritesTensorBoardEventsWithCleanRlsTagsAtEachEnvStepMatchingMetricsCsv(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.run(shortRun(dir, "run"));
        assertEquals(0, r.code(), r.err());
        Path run = dir.resolve("run");
        assertTrue(r.out().contains("TensorBoard events in " + run.resolve("events.out.tfevents.")), r.out());
        List<EventFiles.Event> events = EventFiles.read(run);
        List<Map<String, Double>> rows = EventFiles.csv(run);
        assertEquals(2, events.size());
        assertEquals(List.of(256L, 512L), events.stream().map(EventFiles.Event::step).toList());
        for (String tag : List.of("charts/SPS", "charts/learning_rate", "losses/value_loss", "losses/policy_loss", "losses/entropy",
                "losses/approx_kl", "losses/clipfrac", "tributary/rollout_s", "tributary/update_s")) {
            assertTrue(events.get(0).values().containsKey(tag), tag + " in " + events.get(0).values().keySet());
        }
        // Pendulum's 200-step episodes end in the second iteration only
        assertTrue(!events.get(0).values().containsKey("charts/episodic_return"));
        for (int i = 0; i < 2; i++) {
            for (var e : events.get(i).values().entrySet()) {
                String col = e.getKey().equals("tributary/iteration") ? "iteration" : e.getKey();
                double want = rows.get(i).get(col);
                assertEquals(want, e.getValue(), Math.abs(want) * 1e-5 + 1e-6, col + " at row " + i);
            }
        }
        assertTrue(events.get(1).values().get("charts/episodic_return") < -100, events.get(1).values().toString());
        assertEquals(200.0, events.get(1).values().get("charts/episodic_length"));
        assertTrue(Files.exists(run.resolve("final-weights.bin")) && Files.exists(run.resolve("config.properties")));
    }

    @Test
    void reusingARunNameIsRefusedByNameAndLeavesTheEarlierRunAlone(@TempDir Path dir) throws Exception {
        assertEquals(0, Cli.run(shortRun(dir, "same")).code());
        byte[] metrics = Files.readAllBytes(dir.resolve("same").resolve("metrics.csv"));
        Cli.Result again = Cli.run(shortRun(dir, "same"));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("'--run-name'") && again.err().contains("holds an earlier run")
                && again.err().contains("--resume " + dir.resolve("same")), again.err());
        assertTrue(java.util.Arrays.equals(metrics, Files.readAllBytes(dir.resolve("same").resolve("metrics.csv"))));
    }
}
