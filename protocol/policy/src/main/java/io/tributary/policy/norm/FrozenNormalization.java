package io.tributary.policy.norm;

import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.PolicyVersion;

/**
 * Normalizes observations with the statistics published inside the current {@link PolicyVersion}; nothing is
 * updated here, so every actor of one version applies the same transform and the learner (which uses this class
 * for its recomputation) gets the same floats from the raw data. Rewards are not scaled here: the learner owns the
 * return statistics and scales the raw rewards itself, in step order.
 */
public final class FrozenNormalization implements Normalization {

    private final RunningMeanStd stats;

    public FrozenNormalization(int observationDim) {
        stats = new RunningMeanStd(observationDim);
    }

    @Override
    public boolean frozenPerSnapshot() {
        return true;
    }

    @Override
    public void onVersion(PolicyVersion version) {
        use(version.obsCount, version.obsMean, version.obsVar);
    }

    /** Normalizes with these statistics from now on. */
    public void use(double count, double[] mean, double[] var) {
        stats.set(count, mean, var);
    }

    @Override
    public void observation(int env, double[] raw, int rawOffset, float[] out, int outOffset) {
        for (int i = 0; i < stats.dim(); i++) {
            out[outOffset + i] = (float) Normalization.clip(stats.normalized(i, raw[rawOffset + i], EPSILON));
        }
    }

    @Override
    public float reward(int env, double rawReward, boolean terminated) {
        // the learner scales the raw rewards with its own return statistics; a worker's copy would go unused
        return (float) rawReward;
    }
}
