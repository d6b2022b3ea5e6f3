package io.tributary.ops.eval;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.checkpoint.RunCheckpoint;
import io.tributary.learner.checkpoint.RunCheckpointFile;
import io.tributary.learner.pipeline.FinalWeights;
import io.tributary.ops.cli.ResumeConfig;
import io.tributary.ops.train.TrainedStatistics;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A trained policy as a run directory holds it: the run's hyperparameters ({@code config.properties}), the policy
 * prefix of the weights and the observation statistics it was trained with, from {@code final-weights.bin} or from
 * a checkpoint. A checkpoint's statistics are the learner's (frozen and distributed modes), in CleanRL mode every
 * env copy's merged ({@link TrainedStatistics}: what final-weights.bin holds for such a run too), and with
 * {@code --normalization none} Gymnasium's initial ones (mean 0, variance 1), which that run's policy saw throughout.
 *
 * @param config the run's resolved configuration
 * @param source the file the weights came from
 */
public record TrainedPolicy(Hyperparameters hp, Map<String, String> config, PolicyVersion version, Path source) {

    public PolicySpec spec() {
        return version.spec;
    }

    /** The run's policy from {@code checkpoint} or, when null, from {@code final-weights.bin}. */
    public static TrainedPolicy load(Path runDir, Path checkpoint) {
        ResumeConfig rc = ResumeConfig.read(runDir);
        Hyperparameters hp = rc.hyperparameters();
        PolicySpec spec;
        try (Env env = EnvRegistry.make(hp.envId())) {
            spec = hp.policySpec(env.observationSpace().size(), env.actionSpace().size());
        }
        if (checkpoint == null) {
            Path file = runDir.resolve("final-weights.bin");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(runDir + " has no final-weights.bin (a run stopped before its end?); give"
                        + " --checkpoint " + runDir.resolve("checkpoint-<iteration>.bin"));
            }
            try {
                return new TrainedPolicy(hp, rc.config(), FinalWeights.read(file, spec), file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        RunCheckpoint c = RunCheckpointFile.read(checkpoint);
        if (c.learner().specHash() != spec.hash()) {
            throw new IllegalArgumentException(checkpoint + " holds a network other than " + runDir + "'s (" + spec + ")");
        }
        PolicyVersion v = new PolicyVersion(spec).setWeights(c.learner().parameters());
        v.version = c.learner().version();
        RunningMeanStd.Moments m = c.learner().normalization() != null ? c.learner().normalization().observations()
                : "none".equals(rc.config().get("normalization")) ? new RunningMeanStd(spec.observationDim()).moments()
                : TrainedStatistics.mergedFromRollout(c.rollout());
        if (m == null) throw new IllegalArgumentException(checkpoint + " holds no observation statistics");
        v.setObservationStats(m.count(), m.mean(), m.var());
        return new TrainedPolicy(hp, rc.config(), v, checkpoint);
    }
}
