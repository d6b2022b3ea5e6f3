package io.tributary.ops.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.checkpoint.RunCheckpointFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code train --actors 0}, 4 iterations straight, against 3 iterations with a checkpoint at 2, the checkpoint of 3
 * deleted (a kill after the checkpoint of 2 and the metrics row of 3), then {@code --resume} to 4: the final
 * checkpoints are the same bytes (parameters, Adam, generators, normalization, env states, counters), so are the
 * final weights, and metrics.csv has each iteration once with the same losses. The episodes cross an episode end
 * after the resume point (env generators, time limits, walker's contacts, reacher's target in the model).
 */
class TrainResumeTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private static Result run(List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(argv.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private List<String> train(String env, int numEnvs, int numSteps, String name, int iterations, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--env", env, "--actors", "0", "--num-envs", Integer.toString(numEnvs),
                "--num-steps", Integer.toString(numSteps), "--total-timesteps", Integer.toString(6 * numEnvs * numSteps),
                "--num-minibatches", "4", "--update-epochs", "2", "--runs-dir", tmp.toString(), "--run-name", name,
                "--iterations", Integer.toString(iterations)));
        a.addAll(Arrays.asList(more));
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "Pendulum-v1, 2, 128, cleanrl",
        "Pendulum-v1, 2, 128, frozen",
        "Pendulum-v1, 2, 128, none",
        "dm_control/walker-walk-v0, 1, 300, cleanrl",
        "dm_control/reacher-easy-v0, 1, 300, cleanrl",
        "Hopper-v4, 2, 64, cleanrl",
    })
    void stoppingAndResumingGivesTheSameRunAsOneStraightRun(String env, int numEnvs, int numSteps, String norm) throws Exception {
        Result straight = run(train(env, numEnvs, numSteps, "straight", 4, "--normalization", norm, "--checkpoint-every", "0"));
        assertEquals(0, straight.code(), straight.out() + straight.err());
        Result first = run(train(env, numEnvs, numSteps, "split", 3, "--normalization", norm, "--checkpoint-every", "2"));
        assertEquals(0, first.code(), first.out() + first.err());
        Path split = tmp.resolve("split");
        Files.delete(RunCheckpointFile.path(split, 3)); // killed after iteration 3's metrics row, before its checkpoint
        Result resumed = run(List.of("train", "--resume", split.toString(), "--iterations", "4"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("from the checkpoint of iteration 2"), resumed.out());

        Path a = tmp.resolve("straight");
        assertArrayEquals(Files.readAllBytes(RunCheckpointFile.path(a, 4)), Files.readAllBytes(RunCheckpointFile.path(split, 4)),
                env + ": the checkpoints after iteration 4");
        assertArrayEquals(Files.readAllBytes(a.resolve("final-weights.bin")), Files.readAllBytes(split.resolve("final-weights.bin")));
        assertEquals(withoutClocks(a.resolve("metrics.csv")), withoutClocks(split.resolve("metrics.csv")));
        assertEquals(List.of(RunCheckpointFile.path(split, 2), RunCheckpointFile.path(split, 4)), RunCheckpointFile.list(split),
                "the last two checkpoints are kept");
    }

    /** metrics.csv without the columns that depend on the clock: wall_time, charts/SPS and the timings (*_s). */
    private static List<String> withoutClocks(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                String col = header.get(i);
                if (!col.equals("wall_time") && !col.equals("charts/SPS") && !col.endsWith("_s")) kept.add(cells[i]);
            }
            out.add(String.join(",", kept));
        }
        return out;
    }

    @Test
    void anOptionThatWouldChangeTheRunIsRefusedByName() {
        Result first = run(train("Pendulum-v1", 1, 64, "run", 1));
        assertEquals(0, first.code(), first.out() + first.err());
        Result r = run(List.of("train", "--resume", tmp.resolve("run").toString(), "--seed", "3"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--seed") && r.err().contains("would change the run"), r.err());
        Result t = run(List.of("train", "--resume", tmp.resolve("run").toString(), "--total-timesteps", "999999"));
        assertEquals(2, t.code());
        assertTrue(t.err().contains("--total-timesteps"), t.err());
        Result none = run(List.of("train", "--resume", tmp.resolve("nothing").toString()));
        assertNotEquals(0, none.code());
        assertTrue((none.out() + none.err()).contains("config.properties"), none.err());
    }
}
