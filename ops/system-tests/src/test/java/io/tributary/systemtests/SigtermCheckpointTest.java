package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.checkpoint.RunCheckpointFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} started as its own JVM (single-process {@code --actors 0}, and the pipeline) with
 * {@code --checkpoint-every 0}, so the only checkpoint before the end is the one a stop writes; SIGTERM mid-run: the
 * process exits promptly (143, the hooks ran), leaving a checkpoint of the iteration it reached (every metrics row
 * it wrote), {@code final-weights.bin}, and no {@code .tmp} file; {@code train --resume} then completes the run.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SigtermCheckpointTest {

    private static final int ITERATIONS = 40;

    @TempDir
    Path tmp;

    private Process train(Path out, List<String> args) throws Exception {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(RunIsolationTest.java("io.tributary.ops.cli.Main", a)).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static List<Integer> iterationsInMetrics(Path run) throws Exception {
        Path csv = run.resolve("metrics.csv");
        if (!Files.exists(csv)) return List.of();
        List<String> rows = Files.readAllLines(csv);
        if (rows.isEmpty()) return List.of();
        int col = Arrays.asList(rows.get(0).split(",")).indexOf("iteration");
        return rows.subList(1, rows.size()).stream().filter(r -> !r.isBlank()).map(r -> (int) Double.parseDouble(r.split(",")[col])).toList();
    }

    private void sigtermWritesACheckpointAndResumeCompletes(List<String> args) throws Exception {
        Path run = tmp.resolve("run");
        List<String> first = new ArrayList<>(args);
        first.addAll(List.of("--env", "Pendulum-v1", "--num-steps", "128", "--iterations", Integer.toString(ITERATIONS),
                "--total-timesteps", "1000000", "--num-minibatches", "4", "--update-epochs", "1", "--checkpoint-every", "0",
                "--runs-dir", tmp.toString(), "--run-name", "run"));
        Path out1 = tmp.resolve("train1.out");
        Process p = train(out1, first);
        int reached;
        double exitS;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (iterationsInMetrics(run).size() < 3) {
                assertTrue(p.isAlive(), "exited early:\n" + Files.readString(out1));
                assertTrue(System.nanoTime() < deadline, "no progress:\n" + Files.readString(out1));
                Thread.sleep(50);
            }
            assertTrue(RunCheckpointFile.list(run).isEmpty(), "no checkpoint before the SIGTERM (--checkpoint-every 0)");
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exits after SIGTERM:\n" + Files.readString(out1));
            exitS = (System.nanoTime() - t0) / 1e9;
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String log1 = Files.readString(out1);
        System.out.printf("exited %.1f s after SIGTERM with code %d%n", exitS, p.exitValue());
        assertEquals(143, p.exitValue(), log1);
        List<Integer> rows = iterationsInMetrics(run);
        reached = rows.size();
        assertTrue(reached >= 3 && reached < ITERATIONS, "stopped mid-run: " + rows);
        var checkpoint = RunCheckpointFile.latest(run, s -> {});
        assertEquals(reached, checkpoint.iteration(), "the checkpoint is of the last iteration recorded:\n" + log1);
        assertEquals(reached, checkpoint.learner().version(), "and of the version reached");
        assertTrue(Files.size(run.resolve("final-weights.bin")) > 0, "final-weights.bin written");
        try (var files = Files.list(run)) {
            List<Path> temps = files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(List.of(), temps, "every temp file was renamed");
        }

        Path out2 = tmp.resolve("train2.out");
        Process resumed = train(out2, List.of("--resume", run.toString()));
        try {
            assertTrue(resumed.waitFor(100, TimeUnit.SECONDS), "the resumed run ends:\n" + Files.readString(out2));
        } finally {
            resumed.descendants().forEach(ProcessHandle::destroyForcibly);
            resumed.destroyForcibly();
        }
        String log2 = Files.readString(out2);
        assertEquals(0, resumed.exitValue(), log2);
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= ITERATIONS; i++) expected.add(i);
        assertEquals(expected, iterationsInMetrics(run), "every iteration once in metrics.csv");
        assertEquals(ITERATIONS, RunCheckpointFile.latest(run, s -> {}).learner().version());
    }

    @Test
    void aSigtermedSingleProcessRunWritesACheckpointOfItsIterationAndResumesToTheEnd() throws Exception {
        sigtermWritesACheckpointAndResumeCompletes(List.of("--actors", "0", "--num-envs", "2"));
    }

    /**
     * The stop is ordered (the trainer first, then the metrics part flushes): every update the stop checkpoint holds has
     * its row, so the resumed rows continue without a gap or a repeat.
     */
    @Test
    void aSigtermedPipelineRunWritesACheckpointOfItsVersionAndResumesToTheEnd() throws Exception {
        sigtermWritesACheckpointAndResumeCompletes(List.of("--actors", "2", "--envs-per-actor", "2"));
    }
}
