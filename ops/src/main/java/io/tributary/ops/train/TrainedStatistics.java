package io.tributary.ops.train;

import io.tributary.envs.state.StateMap;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.policy.norm.RunningNormalization;

/**
 * The observation statistics a single-process CleanRL-mode run ({@code --actors 0 --normalization cleanrl}) hands
 * on with its policy (final-weights.bin, evaluation, export): every env copy's running statistics merged into one
 * ({@link RunningMeanStd#merge}, Chan et al.'s parallel formula), i.e. the mean and variance of every observation the
 * run normalized. Why merged and not copy 0's: the copies differ only by which episodes they happened to see; the
 * policy was trained on inputs from all of them, the merged statistics have {@code num-envs} times the samples, and
 * they are what the frozen and the distributed modes publish (one set over all copies). The initial pseudo-count of
 * each copy ({@code 1e-4}, mean 0, variance 1) stays in, as it does in every copy: negligible after one step.
 */
public final class TrainedStatistics {

    private TrainedStatistics() {}

    /** Every copy's observation statistics merged. */
    public static RunningMeanStd.Moments merged(RunningMeanStd.Moments[] copies) {
        if (copies.length == 0) throw new IllegalArgumentException("no env copies to merge");
        RunningMeanStd all = new RunningMeanStd(copies[0].mean().length);
        all.set(copies[0]);
        for (int i = 1; i < copies.length; i++) {
            RunningMeanStd c = new RunningMeanStd(all.dim());
            c.set(copies[i]);
            all.merge(c);
        }
        return all.moments();
    }

    /** The merged observation statistics of a CleanRL-mode worker. */
    public static RunningMeanStd.Moments merged(RunningNormalization.State state) {
        return merged(state.observations());
    }

    /**
     * The merged observation statistics held in a single-process checkpoint's rollout state ({@code norm.<i>.obs.*});
     * null when it has none (frozen normalization: the learner's state holds them).
     */
    public static RunningMeanStd.Moments mergedFromRollout(StateMap rollout) {
        if (rollout == null || !rollout.contains("norm.copies")) return null;
        return merged(RolloutCheckpoint.observationMoments(rollout));
    }
}
