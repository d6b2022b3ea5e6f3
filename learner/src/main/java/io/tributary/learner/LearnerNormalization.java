package io.tributary.learner;

import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.learner.checkpoint.NormalizationState;
import io.tributary.policy.PolicyInputs;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.norm.Normalization;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.TrajectoryFragment;

/**
 * The learner-owned normalization statistics (frozen-statistics mode: the distributed pipeline, and the
 * single-process trainer with {@code --normalization frozen}). Fragments carry only raw data; the learner
 * recomputes everything else, with the same classes the actor and CleanRL's wrappers use:
 *
 * <ul>
 *   <li>Policy inputs: {@link #prepare} normalizes the raw observations (and final/next observations) with the
 *       statistics of the version the fragment was collected with, through the actor's own
 *       {@link FrozenNormalization}, so the update's log-probabilities are taken on the policy's inputs.</li>
 *   <li>Rewards: one {@link ReturnNormalizer} (CleanRL's {@code NormalizeReward} step) tracks the discounted return
 *       of every (actor, env) copy from the raw rewards in step order and scales each reward by the statistics of
 *       all of them (rewards are no policy input, so they need not be frozen per version). Copies are keyed by the
 *       fragment's actor id and grow on demand: an actor that joins later needs no array sized at start.</li>
 *   <li>Observation statistics: after the batch's update, each fragment's raw observations are folded into one
 *       Gymnasium {@link RunningMeanStd} (the fragment's moments combined by the parallel-variance formula); the
 *       result goes out with the next version ({@link #publish}).</li>
 * </ul>
 *
 * <p>The one difference to CleanRL's wrappers: there, the observation statistics change at every step inside the
 * rollout; here they are frozen for a version and updated between versions (every actor must apply the same
 * transform, and the learner must be able to recompute it). With several env copies the learner keeps one return
 * statistic for all of them, where CleanRL keeps one per env copy.
 */
public final class LearnerNormalization {

    private final int observationDim;
    private final RunningMeanStd obs;
    private final ReturnNormalizer rewards;
    private final FrozenNormalization frozen;
    private final double[] row;
    private double[] rows = new double[0];

    public LearnerNormalization(int observationDim, double gamma) {
        this.observationDim = observationDim;
        this.obs = new RunningMeanStd(observationDim);
        this.rewards = new ReturnNormalizer(0, gamma, Normalization.EPSILON);
        this.frozen = new FrozenNormalization(observationDim);
        this.row = new double[observationDim];
    }

    /** Writes the observation statistics to publish with the next version into {@code into}. */
    public void publish(PolicyVersion into) {
        into.setObservationStats(obs.count(), obs.mean(), obs.var());
    }

    /** The live statistics of the discounted returns of every copy. */
    public RunningMeanStd returnStats() {
        return rewards.stats();
    }

    /**
     * Fills {@code into} from the fragment's raw fields: observations with {@code version}'s statistics (those
     * published with the version the fragment was collected with: what the actor's policy saw); rewards scaled by
     * the return statistics updated step by step through this fragment. Call once per fragment, in batch order: it
     * advances the return statistics.
     */
    public void prepare(TrajectoryFragment f, PolicyVersion version, PolicyInputs into) {
        if (f.actorId < 0) throw new IllegalArgumentException("fragment of actor " + f.actorId + ": actor ids are >= 0");
        if (!into.fits(f)) throw new IllegalArgumentException("policy inputs do not fit the fragment of actor " + f.actorId);
        frozen.onVersion(version);
        int od = observationDim;
        int n = f.numEnvs;
        int firstCopy = f.actorId * n;
        rewards.ensureCopies(firstCopy + n);
        for (int r = 0; r < f.rows(); r++) {
            normalize(f.observations, r * od, into.observations, r * od);
            if (f.truncated[r]) normalize(f.finalObservations, r * od, into.finalObservations, r * od);
            double scaled = rewards.normalize(firstCopy + r % n, f.rewards[r], f.terminated[r]);
            into.rewards[r] = (float) Normalization.clip(scaled);
        }
        for (int e = 0; e < n; e++) normalize(f.nextObservations, e * od, into.nextObservations, e * od);
    }

    /**
     * Actor {@code actorId}'s env copies start fresh episodes (a replacement process took over its id): their
     * discounted-return trackers restart at 0, as a fresh {@code NormalizeReward} wrapper's would; the shared return
     * statistic keeps what it learned.
     */
    public void restartCopies(int actorId, int numEnvs) {
        int first = actorId * numEnvs;
        for (int c = first; c < Math.min(first + numEnvs, rewards.copies()); c++) rewards.setReturns(c, 0.0);
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

    /** Everything a checkpoint must hold (a copy): observation statistics, return statistic and every copy's return. */
    public NormalizationState state() {
        return new NormalizationState(obs.moments(), rewards.state());
    }

    /** Continues from {@link #state()}; the statistics must be of this observation size. */
    public void restore(NormalizationState s) {
        if (s.observations().mean().length != observationDim) {
            throw new IllegalArgumentException("the saved observation statistics have " + s.observations().mean().length
                    + " elements, this learner's observations " + observationDim);
        }
        obs.set(s.observations());
        rewards.restore(s.rewards());
    }
}
