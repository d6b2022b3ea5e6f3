package io.tributary.policy.norm;

import io.tributary.protocol.PolicyVersion;

/**
 * Where a rollout worker's observation and reward transforms take their statistics from. CleanRL's env stack is
 * {@code NormalizeObservation -> clip(-10, 10) -> NormalizeReward(gamma) -> clip(-10, 10)}; the implementations
 * differ in whose statistics they use:
 * <ul>
 *   <li>{@link RunningNormalization}: per-env statistics updated at every step, as CleanRL's per-env wrappers do
 *       (single-process parity runs);</li>
 *   <li>{@link FrozenNormalization}: the statistics the learner published with the policy version, unchanged while
 *       the version is in use, for observations only (frozen-statistics mode: the learner owns the statistics and
 *       recomputes the policy's inputs and the scaled training rewards from the raw data, see the learner's
 *       {@code LearnerNormalization}).</li>
 * </ul>
 */
public interface Normalization {

    /** Clip bound for normalized observations and scaled rewards, as CleanRL's transform wrappers. */
    double CLIP = 10.0;
    /** Gymnasium's epsilon inside {@code sqrt(var + eps)}. */
    double EPSILON = 1e-8;

    /** Called when the worker starts collecting with a new policy version. */
    void onVersion(PolicyVersion version);

    /** CleanRL's clip of a normalized observation or a scaled reward to [-10, 10]. */
    static double clip(double x) {
        return Math.max(-CLIP, Math.min(CLIP, x));
    }

    /**
     * True when the transform is a pure function of the snapshot's statistics (no per-step state): the worker then
     * re-normalizes the observation it carries into a new fragment with the new version's statistics, so that every
     * row of a fragment uses the statistics of its version (and the learner can recompute them from raw data).
     */
    default boolean frozenPerSnapshot() {
        return false;
    }

    /**
     * Normalizes env {@code env}'s raw observation {@code raw[rawOffset..]} into {@code out[outOffset..]}. Called once
     * for every observation an env emits, in order, including the final observation of an episode and the first of
     * the next one (Gymnasium's autoreset passes both through the wrapper).
     */
    void observation(int env, double[] raw, int rawOffset, float[] out, int outOffset);

    /**
     * Env {@code env}'s training reward: the raw reward scaled by the discounted return's statistics and clipped
     * ({@code terminated} resets that return). Only where the worker owns the statistics (the CleanRL mode); where the
     * learner owns them it scales the raw rewards itself.
     */
    float reward(int env, double rawReward, boolean terminated);
}
