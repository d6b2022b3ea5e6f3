package io.tributary.policy.norm;

import io.tributary.policy.PolicySnapshot;

/**
 * Normalizes observations with the statistics published inside the current {@link PolicySnapshot}; nothing is
 * updated here, so every actor of one version applies the same transform and the learner can recompute it from the
 * raw data. The learner owns the statistics: it folds the raw observations into them and scales the raw rewards
 * itself, in step order (the learner's {@code LearnerNormalization}), so rewards pass through here unscaled.
 */
public final class FrozenNormalization implements Normalization {

    private double[] mean;
    private double[] invStd;

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
        // the learner recomputes the training rewards from the raw ones; a frozen scale here would go unused
        return (float) rawReward;
    }
}
