package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.actors.transport.TransportConfig;
import io.tributary.learner.algo.Hyperparameters;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning, not just plumbing: RPO with CleanRL's hyperparameters, two actor processes over IPC, 300k env steps of
 * Pendulum-v1. The mean episodic return of the last 10 iterations must beat the random policy (about -1,200) by a
 * wide margin. About a minute on 2 cores: behind {@code -Plong}.
 */
@Tag("long")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class PipelineLearningTest {

    @TempDir
    Path tmp;

    @Test
    void rpoOnPendulumBeatsTheRandomPolicy() throws Exception {
        int iterations = 150;
        // CleanRL's total-timesteps (8M) stays: the learning rate anneals over it, as in a full run; we stop early.
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-envs", "8").with("num-steps", "256");
        PipelineConfig cfg = new PipelineConfig(hp, 2, 4, TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron")),
                tmp.resolve("run"), true, 120_000, 120_000, iterations, 0.0);
        List<IterationMetrics> h = new PipelineLearner(cfg, System.out).run();
        assertEquals(iterations, h.size());
        double first = h.subList(0, 5).stream().mapToDouble(IterationMetrics::meanEpisodicReturn).filter(Double::isFinite).average().orElseThrow();
        double last = h.subList(iterations - 10, iterations).stream().mapToDouble(IterationMetrics::meanEpisodicReturn)
                .filter(Double::isFinite).average().orElseThrow();
        System.out.printf("mean return: first 5 iterations %.1f, last 10 iterations %.1f%n", first, last);
        assertTrue(last > -1000 && last > first + 200, "returns improve over the random policy: " + first + " -> " + last);
    }
}
