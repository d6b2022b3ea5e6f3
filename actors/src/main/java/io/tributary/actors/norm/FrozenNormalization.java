package io.tributary.actors.norm;

import io.tributary.actors.policy.PolicySnapshot;

/**
 * Normalizes with the statistics published inside the current {@link PolicySnapshot}; nothing is updated here.
 * The learner owns the statistics and merges the per-fragment moments actors report (the fragment's
 * {@code obsCount/obsMean/obsM2}), so every actor of one version applies the same transform.
 */
public final class FrozenNormalization implements Normalization {

    private final double[] returns;
    private final double gamma;
    private double[] mean;
    private double[] invStd;
    private double rewardScale = 1.0;

    public FrozenNormalization(int numEnvs, int observationDim, double gamma) {
        this.returns = new double[numEnvs];
        this.gamma = gamma;
        NormalizationStats identity = NormalizationStats.identity(observationDim);
        set(identity);
    }

    @Override
    public boolean frozenPerSnapshot() {
        return true;
    }

    @Override
    public void onSnapshot(PolicySnapshot snapshot) {
        if (snapshot.stats() != null) set(snapshot.stats());
    }

    private void set(NormalizationStats s) {
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
        // the discounted return is still tracked so that a learner-side return statistic can be fed from it
        returns[env] = returns[env] * gamma * (terminated ? 0.0 : 1.0) + rawReward;
        double r = rawReward * rewardScale;
        return (float) Math.max(-CLIP, Math.min(CLIP, r));
    }

    @Override
    public double discountedReturn(int env) {
        return returns[env];
    }
}
