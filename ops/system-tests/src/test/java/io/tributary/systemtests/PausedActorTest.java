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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One actor of a running pipeline is stopped (SIGSTOP) for 30 s, longer than its Aeron client's service timeout, and
 * continued. Its client closes itself on resume; the actor must not touch the unmapped counters or log buffers
 * (that was a SIGSEGV in {@code DropCounters.total()}), must connect a fresh client, catch up with the newest weights
 * and finish the run: no JVM crash file, exit 0, every iteration done.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class PausedActorTest {

    @TempDir
    Path tmp;

    @Test
    void anActorPausedForThirtySecondsReconnectsAndTheRunCompletes() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        int iterations = 6;
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, iterations);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ActorProcesses actors = new ActorProcesses(cfg);
        PipelineLearner learner = new PipelineLearner(cfg, actors, new PrintStream(log, true, StandardCharsets.UTF_8));
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
        ProcessHandle paused = learner.actorProcesses().get(1);
        List<IterationMetrics> history;
        try {
            signal("STOP", paused.pid());
            try {
                Thread.sleep(30_000);
            } finally {
                signal("CONT", paused.pid());
            }
            history = run.get(90, TimeUnit.SECONDS);
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8));
        }
        assertEquals(iterations, history.size(), "every iteration done");
        String actorLog = Files.readString(cfg.runDir().resolve("actor-1.log"));
        System.out.print(actorLog);
        assertFalse(actorLog.contains("SIGSEGV") || actorLog.contains("fatal error"), "the paused actor did not crash:\n" + actorLog);
        assertTrue(actorLog.contains("reconnect"), "it reconnected:\n" + actorLog);
        assertTrue(actorLog.contains("stopping: learner: training finished"), actorLog);
        assertEquals(java.util.Arrays.asList(0, 0), actors.exitCodes(), "both actors exited 0");
        for (Path dir : List.of(Path.of("").toAbsolutePath(), cfg.runDir())) {
            assertFalse(Files.exists(dir.resolve("hs_err_pid" + paused.pid() + ".log")), "JVM crash file in " + dir);
        }
    }

    static void signal(String name, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -" + name + " " + pid);
    }
}
