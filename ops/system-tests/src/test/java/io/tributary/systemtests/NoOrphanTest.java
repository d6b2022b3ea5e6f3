package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.ops.launch.ActorProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner as its own process ({@code tributary train --actors 2}, as a user starts it) with two spawned actors.
 * Stopping it — SIGTERM, what Ctrl-C does, or SIGKILL, which runs no hook — must leave no actor process behind;
 * the polite stop also removes the media driver's directory.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NoOrphanTest {

    @TempDir
    Path tmp;

    private Process startLearner(Path runDir, Path out) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ActorProcesses.jvmFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.tributary.ops.cli.Main");
        cmd.addAll(List.of("train", "--env", "Pendulum-v1", "--actors", "2", "--envs-per-actor", "2", "--num-steps", "128",
                "--iterations", "1000000", "--total-timesteps", "1000000000", "--num-minibatches", "4", "--update-epochs", "1",
                "--runs-dir", runDir.getParent().toString(), "--run-name", runDir.getFileName().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    private static void awaitIteration(Process learner, Path out, int iteration) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(out).contains("iter " + iteration + " version")) {
            assertTrue(learner.isAlive(), "learner exited early:\n" + Files.readString(out));
            assertTrue(System.nanoTime() < deadline, "no iteration " + iteration + " in time:\n" + Files.readString(out));
            Thread.sleep(100);
        }
    }

    private static void assertAllExit(List<ProcessHandle> actors, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle a : actors) {
            while (a.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        }
        List<Long> alive = actors.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        actors.forEach(ProcessHandle::destroyForcibly); // never leave them to the next test, whatever happened
        assertTrue(alive.isEmpty(), "orphaned actor processes: " + alive);
    }

    @Test
    void sigtermStopsEveryActorAndRemovesTheDriverDirectory() throws Exception {
        Path out = tmp.resolve("learner.out");
        Process learner = startLearner(tmp.resolve("run"), out);
        try {
            awaitIteration(learner, out, 2);
            List<ProcessHandle> actors = learner.descendants().toList();
            assertEquals(2, actors.size(), "two actor processes: " + actors);
            Path aeronDir = Path.of(Files.exists(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"),
                    "tributary-" + System.getProperty("user.name") + "-learner-" + learner.pid());
            assertTrue(Files.exists(aeronDir), "driver directory " + aeronDir);
            learner.destroy(); // SIGTERM
            assertTrue(learner.waitFor(60, TimeUnit.SECONDS), "learner exits:\n" + Files.readString(out));
            assertAllExit(actors, 30);
            assertFalse(Files.exists(aeronDir), "driver directory removed:\n" + Files.readString(out));
            assertTrue(Files.readString(out).contains("learner stopped") || Files.readString(tmp.resolve("run").resolve("actor-0.log")).contains("stopping"));
        } finally {
            learner.destroyForcibly();
        }
    }

    @Test
    void sigkillOfTheLearnerStillLeavesNoActor() throws Exception {
        Path out = tmp.resolve("learner.out");
        Process learner = startLearner(tmp.resolve("run"), out);
        Path aeronDir = Path.of(Files.exists(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir"),
                "tributary-" + System.getProperty("user.name") + "-learner-" + learner.pid());
        try {
            awaitIteration(learner, out, 1);
            List<ProcessHandle> actors = learner.descendants().toList();
            assertEquals(2, actors.size());
            learner.destroyForcibly(); // SIGKILL: no hook runs; the actors notice their parent is gone
            learner.waitFor(30, TimeUnit.SECONDS);
            assertAllExit(actors, 30);
        } finally {
            learner.destroyForcibly();
            // a killed driver cannot delete its files; the next learner with this directory would (dirDeleteOnStart)
            if (Files.exists(aeronDir)) {
                try (var files = Files.walk(aeronDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
