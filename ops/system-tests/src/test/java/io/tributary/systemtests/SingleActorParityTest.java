package io.tributary.systemtests;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.pipeline.IterationMetrics;
import io.tributary.learner.pipeline.PipelineConfig;
import io.tributary.learner.pipeline.PipelineLearner;
import io.tributary.ops.launch.ActorProcesses;
import io.tributary.transport.TransportConfig;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.ops.train.InProcessTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One actor with one env over the pipeline against the single-process trainer, CleanRL's RPO on Pendulum-v1 (1M-step
 * schedule, first 460,800 steps), for two seeds. The runs cannot be identical — the pipeline freezes the observation
 * statistics per version, CleanRL updates them every step (docs/ARCHITECTURE.md, pipeline) — so the check is on
 * the outcome: both clear the single-process trainer's own bar (-600 over the last 20 episodes), and the means over
 * seeds are close. Several minutes on 2 cores: behind {@code -Plong}.
 */
@Tag("long")
@Timeout(value = 1800, unit = TimeUnit.SECONDS)
class SingleActorParityTest {

    @TempDir
    Path tmp;

    @Test
    void oneActorOneEnvLearnsLikeTheSingleProcessTrainer() throws Exception {
        int iterations = 225; // 460,800 steps of 2048
        double sumSingle = 0;
        double sumPipeline = 0;
        long[] seeds = {1, 2};
        for (long seed : seeds) {
            Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("total-timesteps", "1000000").with("seed", Long.toString(seed));
            double single = InProcessTrainer.train(hp, tmp.resolve("single-" + seed), 2048L * iterations).meanReturnLast20();
            PipelineConfig cfg = new PipelineConfig(hp, 1, 1,
                    TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("aeron-" + seed)),
                    tmp.resolve("pipeline-" + seed), true, 120_000, 120_000, iterations, 0.0);
            List<IterationMetrics> h = new PipelineLearner(cfg, new ActorProcesses(cfg), System.out).run();
            double sum = 0;
            int n = 0;
            for (int i = h.size() - 1; i >= 0 && n < 20; i--) {
                IterationMetrics m = h.get(i);
                if (m.episodes() > 0) {
                    int take = Math.min(m.episodes(), 20 - n);
                    sum += m.meanEpisodicReturn() * take;
                    n += take;
                }
            }
            double pipeline = sum / n;
            System.out.printf("seed %d: single-process %.1f, pipeline (1 actor x 1 env) %.1f%n", seed, single, pipeline);
            assertTrue(single > -600, "single-process seed " + seed + ": " + single);
            assertTrue(pipeline > -600, "pipeline seed " + seed + ": " + pipeline);
            sumSingle += single;
            sumPipeline += pipeline;
        }
        double meanSingle = sumSingle / seeds.length;
        double meanPipeline = sumPipeline / seeds.length;
        System.out.printf("mean over seeds: single-process %.1f, pipeline %.1f%n", meanSingle, meanPipeline);
        assertTrue(Math.abs(meanSingle - meanPipeline) < 250, "means differ by " + Math.abs(meanSingle - meanPipeline));
    }
}
