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

    /**
     * TRPO through the pipeline (the learner builds it from the registry by {@code hp.algo()}): the RL Zoo's
     * Pendulum-v1 settings, two actors x 1 env x 1024 steps, 98,304 steps, 10-20 s. This build's seed 1 ends near
     * -250 (random: about -1,200).
     */
    @Test
    void trpoOnPendulumThroughThePipelineBeatsTheRandomPolicy() throws Exception {
        Hyperparameters hp = Hyperparameters.defaults("trpo", "Pendulum-v1").with("num-envs", "2").with("num-steps", "1024")
                .with("gamma", "0.9").with("n-critic-updates", "15").with("bootstrap-truncated", "true")
                .with("total-timesteps", "100000");
        int iterations = hp.numIterations();
        PipelineConfig cfg = new PipelineConfig(hp, 2, 1, TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron")),
                tmp.resolve("trpo"), true, 120_000, 120_000, iterations, 0.0);
        List<IterationMetrics> h = new PipelineLearner(cfg, new ActorProcesses(cfg), System.out).run();
        assertEquals(iterations, h.size());
        assertTrue(Double.isFinite(h.get(0).metric("train/policy_objective")), "the learner ran TRPO's update (sb3's metrics)");
        double last = h.subList(iterations - 10, iterations).stream().mapToDouble(IterationMetrics::meanEpisodicReturn)
                .filter(Double::isFinite).average().orElseThrow();
        System.out.printf("TRPO pipeline mean return, last 10 iterations %.1f%n", last);
        assertTrue(last > -700, "returns beat the random policy: " + last);
    }
}
