package io.tributary.learner.pipeline;

import io.tributary.actors.norm.FrozenNormalization;
import io.tributary.actors.norm.NormalizationStats;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.actors.policy.PolicySnapshot;
import io.tributary.protocol.TrajectoryFragment;

/**
 * The normalization statistics in the distributed mode, owned by the learner.
 *
 * <ul>
 *   <li>Observations: each fragment carries its own moments (count, mean, M2) of the raw observations; they are
 *       merged into one Gymnasium {@link RunningMeanStd} by the parallel-variance formula after the batch.</li>
 *   <li>Rewards: the discounted return of every (actor, env) is tracked here from the raw rewards in step order,
 *       and its running variance scales each reward, as CleanRL's {@code NormalizeReward} does per env.</li>
 * </ul>
 * Fragments carry only raw data on the wire; {@link #prepare} recomputes what the policy saw (observations
 * normalized with the statistics of the version they were collected with, exactly the arithmetic of the actor's
 * {@link FrozenNormalization}) and the scaled training rewards.
 *
 * <p>The one difference to the single-process trainer: there, the observation statistics change at every
 * step inside the rollout; here they are frozen for a version and updated between versions (the actors must all
 * apply the same transform, and the learner must be able to recompute it). Reward scaling follows CleanRL step by
 * step; with several env copies the learner keeps one return statistic for all of them, where CleanRL keeps one
 * per env copy.
 */
public final class LearnerNormalization {

    private final int observationDim;
    private final double gamma;
    private final RunningMeanStd obs;
    private final RunningMeanStd returnStats = new RunningMeanStd(1);
    private final double[][] returns;
    private final FrozenNormalization frozen;
    private final double[] row;
    private final double[] returnScratch = new double[1];

    public LearnerNormalization(int actors, int envsPerActor, int observationDim, double gamma) {
        this.observationDim = observationDim;
        this.gamma = gamma;
        this.obs = new RunningMeanStd(observationDim);
        this.returns = new double[actors][envsPerActor];
        this.frozen = new FrozenNormalization(envsPerActor, observationDim, gamma);
        this.row = new double[observationDim];
    }

    /** The statistics to publish with the next version. */
    public NormalizationStats stats() {
        return new NormalizationStats(obs.count(), obs.mean(), obs.var(), returnStats.var(0));
    }

    /**
     * Fills the fragment's policy-side fields from its raw fields: observations with the statistics of
     * {@code version} (what the actor's policy saw); rewards scaled by the return statistics updated step by step
     * through this fragment, as CleanRL's {@code NormalizeReward} does (rewards are no policy input, so they need
     * not be frozen). Call once per fragment, in batch order: it advances the return statistics.
     */
    public void prepare(TrajectoryFragment f, PolicySnapshot version) {
        frozen.onSnapshot(version);
        int od = observationDim;
        int n = f.numEnvs;
        double[] ret = returns[f.actorId];
        for (int r = 0; r < f.rows(); r++) {
            normalize(f.observations, r * od, f.policyObservations, r * od);
            if (f.truncated[r]) normalize(f.finalObservations, r * od, f.policyFinalObservations, r * od);
            int e = r % n;
            // Gymnasium 0.29's NormalizeReward: the return restarts only on termination
            ret[e] = ret[e] * gamma * (f.terminated[r] ? 0.0 : 1.0) + f.rewards[r];
            returnScratch[0] = ret[e];
            returnStats.update(returnScratch);
            double scaled = f.rewards[r] / Math.sqrt(returnStats.var(0) + FrozenNormalization.EPSILON);
            f.trainRewards[r] = (float) Math.max(-FrozenNormalization.CLIP, Math.min(FrozenNormalization.CLIP, scaled));
        }
        for (int e = 0; e < n; e++) normalize(f.nextObservations, e * od, f.policyNextObservations, e * od);
    }

    private void normalize(float[] src, int at, float[] dst, int to) {
        for (int i = 0; i < observationDim; i++) row[i] = src[at + i];
        frozen.observation(0, row, 0, dst, to);
    }

    /** Folds a batch fragment's observation moments into the statistics of the next version (parallel Welford). */
    public void update(TrajectoryFragment f) {
        obs.merge(f.obsCount, f.obsMean, f.obsM2);
    }
}
