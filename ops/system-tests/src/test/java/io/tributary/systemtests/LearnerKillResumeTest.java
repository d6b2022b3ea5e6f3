package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.checkpoint.RunCheckpointFile;
import io.tributary.ops.launch.ActorProcesses;
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
 * A pipeline run ({@code train --actors 2}, checkpoints every 2 iterations) whose learner is killed with SIGKILL
 * after a checkpoint: its actors exit by themselves, the killed driver's directory stays in /dev/shm; then
 * {@code train --resume RUN_DIR} completes the run from the newest checkpoint (losing at most the iterations since
 * it), removes the stale directory, and leaves metrics.csv with every iteration exactly once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LearnerKillResumeTest {

    private static final int ITERATIONS = 8;

    @TempDir
    Path tmp;

    private Process learner(Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ActorProcesses.jvmFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.tributary.ops.cli.Main");
        cmd.add("train");
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static Path driverDir(Process p) {
        return Path.of(Files.exists(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"),
                "tributary-" + System.getProperty("user.name") + "-learner-" + p.pid());
    }

    @Test
    void aKilledLearnerIsResumedFromItsLastCheckpointAndItsDriverDirectoryIsRemoved() throws Exception {
        Path run = tmp.resolve("run");
        Path out1 = tmp.resolve("learner1.out");
        Process first = learner(out1, "--env", "Pendulum-v1", "--actors", "2", "--envs-per-actor", "2", "--num-steps", "128",
                "--iterations", Integer.toString(ITERATIONS), "--total-timesteps", "100000", "--num-minibatches", "4",
                "--update-epochs", "1", "--checkpoint-every", "2", "--runs-dir", tmp.toString(), "--run-name", "run");
        Path staleDir = driverDir(first);
        List<ProcessHandle> actors;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(out1).contains("checkpoint of version 2 written")) {
                assertTrue(first.isAlive(), "learner exited early:\n" + Files.readString(out1));
                assertTrue(System.nanoTime() < deadline, "no checkpoint in time:\n" + Files.readString(out1));
                Thread.sleep(50);
            }
            actors = first.descendants().toList();
            first.destroyForcibly(); // SIGKILL: no hook, no checkpoint on the way out
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        } finally {
            first.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle a : actors) while (a.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        List<Long> orphans = actors.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        actors.forEach(ProcessHandle::destroyForcibly);
        assertTrue(orphans.isEmpty(), "actors exit when their learner is killed: " + orphans);
        assertTrue(Files.isDirectory(staleDir), "the killed driver left " + staleDir);
        long checkpointed = RunCheckpointFile.latest(run, s -> {}).learner().version();
        assertTrue(checkpointed >= 2, "a checkpoint of version >= 2: " + checkpointed);

        Path out2 = tmp.resolve("learner2.out");
        Process second = learner(out2, "--resume", run.toString());
        try {
            assertTrue(second.waitFor(180, TimeUnit.SECONDS), "the resumed run ends:\n" + Files.readString(out2));
            String log = Files.readString(out2);
            assertEquals(0, second.exitValue(), log);
            assertTrue(log.contains("resuming at version " + checkpointed) && log.contains("fresh episodes"), log);
            assertTrue(log.contains("removed " + staleDir), log);
            assertFalse(Files.exists(staleDir), "the killed learner's driver directory is gone");
            assertFalse(Files.exists(driverDir(second)), "the resumed learner's driver directory is gone");
        } finally {
            second.destroyForcibly();
            second.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        int col = Arrays.asList(rows.get(0).split(",")).indexOf("iteration");
        List<Integer> iterations = rows.subList(1, rows.size()).stream().map(r -> Integer.parseInt(r.split(",")[col])).toList();
        List<Integer> expected = new ArrayList<>();
        for (int i = 1; i <= ITERATIONS; i++) expected.add(i);
        assertEquals(expected, iterations, "every iteration once in metrics.csv");
        assertEquals(ITERATIONS, RunCheckpointFile.latest(run, s -> {}).learner().version());
        assertTrue(Files.exists(run.resolve("final-weights.bin")));
    }
}
