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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic membership: a third actor started while a two-actor run trains joins at a version boundary and the batch
 * grows to three fragments; SIGTERM of it makes it say goodbye, and the batch shrinks back without a stall (no
 * iteration waits for its fragment, nothing is respawned).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ElasticMembershipTest {

    @TempDir
    Path tmp;

    @Test
    void anActorJoiningMidRunGrowsTheBatchAndOneLeavingOnSigtermShrinksItWithoutAStall() throws Exception {
        TransportConfig t = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron"));
        PipelineConfig cfg = PipelineEndToEndTest.config(t, tmp.resolve("run"), 2, 2, 128, 100_000);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineLearner learner = new PipelineLearner(cfg, new ActorProcesses(cfg), new PrintStream(log, true, StandardCharsets.UTF_8));
        CompletableFuture<List<IterationMetrics>> run = ActorLossTest.start(learner);
        try {
            ActorLossTest.awaitIterations(learner, run, 2, log);
            learner.launchActors(1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (learner.history().stream().noneMatch(m -> m.membership().fragments() == 3)) {
                assertTrue(System.nanoTime() < deadline, "the batch grows to 3 fragments:\n" + log);
                assertFalse(run.isDone(), "ended early:\n" + log);
                Thread.sleep(20);
            }
            int grownAt = learner.history().size();
            ProcessHandle third = learner.actorProcesses().get(2);
            long sigterm = System.nanoTime();
            third.destroy(); // SIGTERM: a goodbye
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (learner.history().size() < grownAt + 5) {
                assertTrue(System.nanoTime() < deadline, "training goes on:\n" + log);
                Thread.sleep(20);
            }
            double afterS = (System.nanoTime() - sigterm) / 1e9;
            learner.requestStop();
            run.get(60, TimeUnit.SECONDS);
            List<IterationMetrics> h = learner.history();
            String text = log.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("learner: actor 2 is ") && text.contains("joins at the next version boundary"), text);
            assertTrue(text.contains("learner: actor 2 left ("), text);
            assertFalse(text.contains("respawned actor"), "a clean leave is not respawned:\n" + text);
            IterationMetrics last = h.get(h.size() - 1);
            assertEquals(2, last.membership().members(), last.logLine());
            assertEquals(2, last.membership().fragments(), last.logLine());
            assertEquals(1, h.stream().mapToInt(m -> m.membership().joined()).sum(), "one join counted");
            assertEquals(1, h.stream().mapToInt(m -> m.membership().left()).sum(), "one leave counted");
            for (IterationMetrics m : h.subList(grownAt, h.size())) {
                assertTrue(m.rolloutS() < 2.0, "no stall after the SIGTERM: " + m.logLine());
            }
            assertTrue(afterS < 20, "5 iterations in " + afterS + " s after the SIGTERM");
            // the grown batch had 3 x 2 x 128 rows: the env steps moved by that much in that iteration
            IterationMetrics grown = h.stream().filter(m -> m.membership().fragments() == 3).findFirst().orElseThrow();
            IterationMetrics before = h.get(grown.iteration() - 2);
            assertEquals(3L * 2 * 128, grown.envSteps() - before.envSteps(), grown.logLine());
        } finally {
            System.out.print(log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("learner:")).reduce("", (a, b) -> a + b + "\n"));
            learner.requestStop();
        }
    }
}
