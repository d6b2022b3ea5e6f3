package io.tributary.ops.train;

import io.tributary.actors.RolloutWorker;
import io.tributary.envs.state.StateMap;
import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.learner.Learner;
import io.tributary.learner.checkpoint.RunCheckpoint;
import io.tributary.learner.checkpoint.RunCheckpointFile;
import io.tributary.policy.norm.RunningNormalization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The single-process trainer's checkpoint: the learner's state plus the rollout's, so that a resume continues bit
 * for bit: the worker ({@link RolloutWorker#state()}: env copies, what the policy sees next, running episode returns
 * and lengths, sampler), CleanRL's per-env normalization statistics and return trackers ({@code norm.*}, CleanRL
 * mode only; in frozen mode the learner holds them) and the trainer's counters ({@code trainer.*}).
 */
final class RolloutCheckpoint {

    /** The trainer's own counters: env steps, finished episodes, the last 20 episodes' returns (for the log). */
    record Counters(long globalStep, long episodes, List<Double> last20) {}

    private RolloutCheckpoint() {}

    static Path write(Path runDir, Map<String, String> config, Learner learner, RunningNormalization running,
            RolloutWorker worker, Counters c) {
        StateMap s = worker.state();
        if (running != null) putNormalization(s, running.state());
        s.putLong("trainer.global_step", c.globalStep());
        s.putLong("trainer.episodes", c.episodes());
        s.putDoubles("trainer.last20", c.last20().stream().mapToDouble(Double::doubleValue).toArray());
        return RunCheckpointFile.write(runDir, new RunCheckpoint(config, learner.checkpoint(), s));
    }

    /** Restores learner, normalization and worker (in that order: all keys are read before the worker changes). */
    static Counters restore(RunCheckpoint c, Learner learner, RunningNormalization running, RolloutWorker worker) {
        StateMap s = c.rollout();
        if (s == null) throw new IllegalArgumentException("the checkpoint holds no rollout state (a pipeline run's): resume it with --actors > 0");
        if ((running != null) != s.contains("norm.copies")) {
            throw new IllegalArgumentException("the checkpoint was taken with " + (running != null ? "frozen" : "cleanrl")
                    + " normalization, this run uses the other");
        }
        RunningNormalization.State norm = running == null ? null : normalization(s);
        Counters counters = new Counters(s.getLong("trainer.global_step"), s.getLong("trainer.episodes"),
                java.util.Arrays.stream(s.doubles("trainer.last20", -1)).boxed().toList());
        learner.restore(c.learner());
        if (running != null) running.restore(norm);
        worker.restore(s);
        return counters;
    }

    private static void putNormalization(StateMap s, RunningNormalization.State n) {
        s.putLong("norm.copies", n.observations().length);
        for (int i = 0; i < n.observations().length; i++) {
            putMoments(s, "norm." + i + ".obs.", n.observations()[i]);
            putMoments(s, "norm." + i + ".return.", n.rewards()[i].stats());
            s.putDoubles("norm." + i + ".return.tracker", n.rewards()[i].returns());
        }
    }

    private static RunningNormalization.State normalization(StateMap s) {
        int n = (int) s.getLong("norm.copies");
        RunningMeanStd.Moments[] obs = new RunningMeanStd.Moments[n];
        ReturnNormalizer.State[] ret = new ReturnNormalizer.State[n];
        for (int i = 0; i < n; i++) {
            obs[i] = moments(s, "norm." + i + ".obs.");
            ret[i] = new ReturnNormalizer.State(moments(s, "norm." + i + ".return."), s.doubles("norm." + i + ".return.tracker", -1));
        }
        return new RunningNormalization.State(obs, ret);
    }

    private static void putMoments(StateMap s, String prefix, RunningMeanStd.Moments m) {
        s.putDouble(prefix + "count", m.count());
        s.putDoubles(prefix + "mean", m.mean());
        s.putDoubles(prefix + "var", m.var());
    }

    /** Every copy's observation statistics ({@code norm.<i>.obs.*}) of a CleanRL-mode rollout state. */
    static RunningMeanStd.Moments[] observationMoments(StateMap s) {
        int n = (int) s.getLong("norm.copies");
        RunningMeanStd.Moments[] obs = new RunningMeanStd.Moments[n];
        for (int i = 0; i < n; i++) obs[i] = moments(s, "norm." + i + ".obs.");
        return obs;
    }

    private static RunningMeanStd.Moments moments(StateMap s, String prefix) {
        double[] mean = s.doubles(prefix + "mean", -1);
        return new RunningMeanStd.Moments(s.getDouble(prefix + "count"), mean, s.doubles(prefix + "var", mean.length));
    }
}
