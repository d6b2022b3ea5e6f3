package io.tributary.learner;

import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.norm.Normalization;
import io.tributary.policy.norm.NormalizationStats;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.TrajectoryFragment;

/**
 * The learner-owned normalization statistics (frozen-statistics mode: the distributed pipeline, and the
 * single-process trainer with {@code --normalization frozen}). Fragments need carry only raw data; the learner
 * recomputes everything else:
 *
 * <ul>
 *   <li>Policy inputs: {@link #prepare} normalizes the raw observations (and final/next observations) with the
 *       statistics of the version the fragment was collected with, exactly the arithmetic of the actor's
 *       {@link FrozenNormalization}, so the update's log-probabilities are taken on the policy's inputs.</li>
 *   <li>Rewards: the discounted return of every (actor, env) is tracked here from the raw rewards in step order,
 *       and its running variance scales each reward as CleanRL's {@code NormalizeReward} does (rewards are no
 *       policy input, so they need not be frozen per version).</li>
 *   <li>Observation statistics: after the batch's update, each fragment's raw observations are folded into one
 *       Gymnasium {@link RunningMeanStd} (the fragment's moments combined by the parallel-variance formula); the
 *       result goes out with the next version.</li>
 * </ul>
 *
 * <p>The one difference to CleanRL's wrappers: there, the observation statistics change at every step inside the
 * rollout; here they are frozen for a version and updated between versions (every actor must apply the same
 * transform, and the learner must be able to recompute it). With several env copies the learner keeps one return
 * statistic for all of them, where CleanRL keeps one per env copy.
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
    private double[] rows = new double[0];

    /** Statistics for {@code actors} actors of {@code envsPerActor} env copies each (actor ids 0..actors-1). */
    public LearnerNormalization(int actors, int envsPerActor, int observationDim, double gamma) {
        if (actors <= 0 || envsPerActor <= 0) {
            throw new IllegalArgumentException("actors and envsPerActor must be > 0, were " + actors + ", " + envsPerActor);
        }
        this.observationDim = observationDim;
        this.gamma = gamma;
        this.obs = new RunningMeanStd(observationDim);
        this.returns = new double[actors][envsPerActor];
        this.frozen = new FrozenNormalization(observationDim);
        this.row = new double[observationDim];
    }

    /** The statistics to publish with the next version. */
    public NormalizationStats stats() {
        return new NormalizationStats(obs.count(), obs.mean(), obs.var(), returnStats.var(0));
    }

    /**
     * Fills the fragment's policy-side fields from its raw fields: observations with {@code versionStats} (the
     * statistics published with the version the fragment was collected with: what the actor's policy saw); rewards
     * scaled by the return statistics updated step by step through this fragment. Call once per fragment, in batch
     * order: it advances the return statistics.
     */
    public void prepare(TrajectoryFragment f, NormalizationStats versionStats) {
        if (f.actorId < 0 || f.actorId >= returns.length || f.numEnvs != returns[f.actorId].length) {
            throw new IllegalArgumentException("fragment of actor " + f.actorId + " with " + f.numEnvs
                    + " envs does not fit " + returns.length + " actors x " + returns[0].length + " envs");
        }
        frozen.use(versionStats);
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
            double scaled = f.rewards[r] / Math.sqrt(returnStats.var(0) + Normalization.EPSILON);
            f.trainRewards[r] = (float) Math.max(-Normalization.CLIP, Math.min(Normalization.CLIP, scaled));
        }
        for (int e = 0; e < n; e++) normalize(f.nextObservations, e * od, f.policyNextObservations, e * od);
    }

    private void normalize(float[] src, int at, float[] dst, int to) {
        for (int i = 0; i < observationDim; i++) row[i] = src[at + i];
        frozen.observation(0, row, 0, dst, to);
    }

    /**
     * Folds a batch fragment's raw observations into the statistics of the next version: the fragment's moments are
     * combined with the running ones by the parallel-variance formula (Gymnasium's batch update).
     */
    public void update(TrajectoryFragment f) {
        int n = f.rows() * observationDim;
        if (rows.length < n) rows = new double[n];
        for (int i = 0; i < n; i++) rows[i] = f.observations[i];
        obs.update(rows, 0, f.rows());
    }
}
