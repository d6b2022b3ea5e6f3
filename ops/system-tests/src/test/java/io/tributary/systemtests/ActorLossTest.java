package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
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
 * Synchronous training cannot go on without one of its actors (membership and replacement come with the cluster
 * issue): when a spawned actor process dies, the run fails at once with an error naming the actor and its log, the
 * other actors are stopped and the driver's files are removed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ActorLossTest {

    @TempDir
    Path tmp;

    @Test
    void aDeadActorFailsTheRunClearlyAndStopsTheOthers() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, 100_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<List<IterationMetrics>> run = CompletableFuture.supplyAsync(() -> {
            try {
                return learner.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (learner.history().size() < 2) {
            assertTrue(System.nanoTime() < deadline, "no progress:\n" + log);
            assertFalse(run.isDone(), "ended early:\n" + log);
            Thread.sleep(20);
        }
        List<ProcessHandle> actors = learner.actorProcesses();
        assertEquals(2, actors.size());
        actors.get(0).destroyForcibly();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
        String message = e.getCause().getCause().getMessage();
        assertTrue(message.contains("exited with code") && message.contains("actor-"), message);
        long deadlineExit = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (actors.get(1).isAlive() && System.nanoTime() < deadlineExit) Thread.sleep(50);
        assertFalse(actors.get(1).isAlive(), "the other actor was stopped");
        assertFalse(Files.exists(t.aeronDir()), "driver directory removed");
    }
}
