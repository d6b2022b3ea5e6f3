package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.MembershipPolicy;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spawned actor killed with SIGKILL mid-run is respawned by the learner's launcher with the same actor id and env
 * seeds; the replacement collects the missing fragment from the current weights, the run completes and every iteration
 * has its metrics.csv row. With {@code --min-actors} above what remains the run ends with a clear error.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ActorLossTest {

    @TempDir
    Path tmp;

    static CompletableFuture<List<IterationMetrics>> start(PipelineLearner learner) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return learner.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    static void awaitIterations(PipelineLearner learner, CompletableFuture<?> run, int n, ByteArrayOutputStream log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (learner.history().size() < n) {
            assertTrue(System.nanoTime() < deadline, "no progress to iteration " + n + ":\n" + log);
            assertFalse(run.isDone(), "ended early:\n" + log);
            Thread.sleep(20);
        }
    }

    /** metrics.csv has one row for each iteration 1..n, in order. */
    static void assertEveryIterationRecorded(Path runDir, int n) throws Exception {
        List<String> rows = Files.readAllLines(runDir.resolve("metrics.csv"));
        assertEquals(n + 1, rows.size(), "header and one row per iteration:\n" + String.join("\n", rows));
        for (int i = 1; i <= n; i++) assertEquals(Integer.toString(i), rows.get(i).split(",")[1], "row " + i + ": " + rows.get(i));
    }

    @Test
    void aKilledSpawnedActorIsRespawnedWithItsIdAndSeedsAndTheRunCompletes() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 8;
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, iterations);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<List<IterationMetrics>> run = start(learner);
        awaitIterations(learner, run, 2, log);
        ProcessHandle victim = learner.actorProcesses().get(0);
        victim.destroyForcibly();
        List<IterationMetrics> history;
        try {
            history = run.get(120, TimeUnit.SECONDS);
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(iterations, history.size(), "every iteration done");
        assertTrue(text.contains("learner: actor 0 lost (its process, pid " + victim.pid() + ", exited with code 137"), text);
        assertTrue(text.contains("learner: respawned actor 0 (launch index 0, same actor id and env seeds 1..2"), text);
        assertTrue(text.contains("takes over the slot of lost actor 0 (same id and env seeds 1..2)"), text);
        ProcessHandle replacement = learner.actorProcesses().get(0);
        assertNotEquals(victim.pid(), replacement.pid(), "a new process");
        String actorLog = Files.readString(cfg.runDir().resolve("actor-0.log"));
        assertTrue(actorLog.contains("pid " + replacement.pid()), "the replacement logs into actor-0.log:\n" + actorLog);
        // the version the kill interrupted still completed with both fragments (the replacement's): no smaller batch
        for (IterationMetrics m : history) assertEquals(m.membership().members(), m.membership().fragments(), m.logLine());
        assertEquals(1, history.stream().mapToInt(m -> m.membership().respawned()).sum(), "one respawn counted");
        assertEquals(1, history.stream().mapToInt(m -> m.membership().lost()).sum(), "one loss counted");
        assertEquals((long) iterations * cfg.hp().batchSize(), history.get(iterations - 1).envSteps(), "no rows lost");
        assertEveryIterationRecorded(cfg.runDir(), iterations);
        assertFalse(Files.exists(t.aeronDir()), "driver directory removed");
    }

    @Test
    void tooFewActorsForLongerThanTheTimeoutEndTheRunWithAClearError() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, 100_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ActorProcesses actors = new ActorProcesses(cfg);
        // the actor that leaves is not replaced (SIGTERM: a goodbye, no respawn); 1 remains of --min-actors 2
        PipelineLearner learner = new PipelineLearner(cfg, actors, new PrintStream(log, true, StandardCharsets.UTF_8))
                .membership(new MembershipPolicy(10_000, 60_000, 2, 3_000, 5));
        CompletableFuture<List<IterationMetrics>> run = start(learner);
        awaitIterations(learner, run, 2, log);
        ProcessHandle leaving = learner.actorProcesses().get(1);
        long before = System.nanoTime();
        leaving.destroy(); // SIGTERM
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
        double s = (System.nanoTime() - before) / 1e9;
        System.out.print(log.toString(StandardCharsets.UTF_8));
        String message = e.getCause().getCause().getMessage();
        assertTrue(message.contains("too few actors: 1 remained, fewer than --min-actors 2, for longer than 3.0 s"), message);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("learner: only 1 actors remain, fewer than --min-actors 2"), text);
        assertTrue(s >= 3 && s < 30, "ended after the timeout, not before: " + s + " s");
        long deadlineExit = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (learner.actorProcesses().get(0).isAlive() && System.nanoTime() < deadlineExit) Thread.sleep(50);
        assertFalse(learner.actorProcesses().get(0).isAlive(), "the other actor was stopped");
        assertFalse(Files.exists(t.aeronDir()), "driver directory removed");
    }
}
