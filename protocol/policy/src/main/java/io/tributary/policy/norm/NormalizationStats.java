package io.tributary.policy.norm;

/**
 * Frozen normalization statistics, as the learner broadcasts them with a policy version: observation mean and
 * variance (per element) and the variance of the discounted return that rewards are scaled by.
 */
public record NormalizationStats(double obsCount, double[] obsMean, double[] obsVar, double returnVar) {

    public NormalizationStats {
        if (obsMean.length != obsVar.length) {
            throw new IllegalArgumentException("obsMean has " + obsMean.length + " elements, obsVar " + obsVar.length);
        }
        obsMean = obsMean.clone();
        obsVar = obsVar.clone();
    }

    public int observationDim() {
        return obsMean.length;
    }

    /** Gymnasium's initial statistics: mean 0, variance 1 (the identity transform up to epsilon). */
    public static NormalizationStats identity(int observationDim) {
        double[] var = new double[observationDim];
        java.util.Arrays.fill(var, 1.0);
        return new NormalizationStats(io.tributary.envs.stats.RunningMeanStd.INITIAL_COUNT, new double[observationDim], var, 1.0);
    }
}
