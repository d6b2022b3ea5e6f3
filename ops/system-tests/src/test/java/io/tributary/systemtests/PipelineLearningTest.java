package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import io.tributary.learner.algo.Hyperparameters;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning, not just plumbing: the README's main job (RPO with CleanRL's hyperparameters, two actor processes x 4
 * env copies over IPC, 500k env steps of Pendulum-v1 with the learning rate annealed over them). The mean episodic
 * return of the last 10 iterations must beat the random policy (about -1,200) by a wide margin. 15-60 s on 2 cores,
 * so it runs in the default {@code mvn verify}.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class PipelineLearningTest {

    @TempDir
    Path tmp;

    @Test
    void rpoOnPendulumBeatsTheRandomPolicy() throws Exception {
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-envs", "8").with("num-steps", "256")
                .with("total-timesteps", "500000");
        int iterations = hp.numIterations();
        PipelineConfig cfg = new PipelineConfig(hp, 2, 4, TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron")),
                tmp.resolve("run"), true, 120_000, 120_000, iterations, 0.0);
        List<IterationMetrics> h = new PipelineLearner(cfg, new ActorProcesses(cfg), System.out).run();
        assertEquals(iterations, h.size());
        double first = h.subList(0, 5).stream().mapToDouble(IterationMetrics::meanEpisodicReturn).filter(Double::isFinite).average().orElseThrow();
        double last = h.subList(iterations - 10, iterations).stream().mapToDouble(IterationMetrics::meanEpisodicReturn)
                .filter(Double::isFinite).average().orElseThrow();
        System.out.printf("mean return: first 5 iterations %.1f, last 10 iterations %.1f%n", first, last);
        assertTrue(last > -600 && last > first + 400, "returns improve over the random policy: " + first + " -> " + last);
    }
}
