package io.tributary.learner.checkpoint;

import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * The learner-owned normalization statistics as a checkpoint holds them ({@code LearnerNormalization.state()}):
 * the observation statistics the next version is published with, and CleanRL's {@code NormalizeReward} state, i.e.
 * the return statistic shared by every copy and each (actor, env) copy's discounted return. A copy's return runs on
 * across versions (it is cut only by {@code terminated}), so leaving it out would change the next rewards' scale.
 *
 * @param observations observation statistics (count, mean, var; dimension = the observation size)
 * @param rewards      the return statistic (dimension 1) and every copy's discounted return, by copy index
 *                     {@code actorId * envsPerActor + env}
 */
public record NormalizationState(RunningMeanStd.Moments observations, ReturnNormalizer.State rewards) {

    public NormalizationState {
        if (observations == null || rewards == null) throw new IllegalArgumentException("normalization state has a null part");
        if (observations.mean().length != observations.var().length) {
            throw new IllegalArgumentException("observation statistics have " + observations.mean().length + " means and "
                    + observations.var().length + " variances");
        }
        if (rewards.stats().mean().length != 1 || rewards.stats().var().length != 1) {
            throw new IllegalArgumentException("the return statistic is a scalar, had " + rewards.stats().mean().length + " elements");
        }
    }
}
