package io.tributary.actors.norm;

import io.tributary.actors.policy.PolicySnapshot;

/**
 * Normalizes with the statistics published inside the current {@link PolicySnapshot}; nothing is updated here, so
 * every actor of one version applies the same transform and the learner can recompute it from the raw data. The
 * learner owns the statistics (it merges the fragments' observation moments and scales the raw rewards itself);
 * the training rewards this class writes are the version's frozen scale, for a consumer without a learner.
 */
public final class FrozenNormalization implements Normalization {

    private double[] mean;
    private double[] invStd;
    private double rewardScale = 1.0;

    public FrozenNormalization(int observationDim) {
        NormalizationStats identity = NormalizationStats.identity(observationDim);
        use(identity);
    }

    @Override
    public boolean frozenPerSnapshot() {
        return true;
    }

    @Override
    public void onSnapshot(PolicySnapshot snapshot) {
        if (snapshot.stats() != null) use(snapshot.stats());
    }

    /** Normalizes with {@code s} from now on. */
    public void use(NormalizationStats s) {
        mean = s.obsMean();
        invStd = new double[mean.length];
        double[] var = s.obsVar();
        for (int i = 0; i < mean.length; i++) invStd[i] = 1.0 / Math.sqrt(var[i] + EPSILON);
        rewardScale = 1.0 / Math.sqrt(s.returnVar() + EPSILON);
    }

    @Override
    public void observation(int env, double[] raw, int rawOffset, float[] out, int outOffset) {
        for (int i = 0; i < mean.length; i++) {
            double z = (raw[rawOffset + i] - mean[i]) * invStd[i];
            out[outOffset + i] = (float) Math.max(-CLIP, Math.min(CLIP, z));
        }
    }

    @Override
    public float reward(int env, double rawReward, boolean terminated) {
        double r = rawReward * rewardScale;
        return (float) Math.max(-CLIP, Math.min(CLIP, r));
    }
}
