package io.tributary.protocol;

/**
 * What the learner sends every actor after each update, in memory: the policy version, the full flat weight
 * vector in {@link PolicySpec}'s layout, and the normalization statistics that go with that version (actors
 * normalize observations with exactly these, frozen while they collect the next fragment). Preallocated once per
 * receiver and overwritten by the reassembler.
 */
public final class WeightsBroadcast {

    public final int parameterCount;
    public final int observationDim;

    public long version;
    public long specHash;
    /** [parameterCount] in {@link PolicySpec}'s flat layout. */
    public final float[] weights;
    /** Observation statistics (the merged running mean/variance the learner holds for this version). */
    public double obsCount;
    public final double[] obsMean;
    public final double[] obsVar;
    /**
     * Variance of the discounted return: rewards are scaled by {@code 1 / sqrt(returnVar + 1e-8)} (CleanRL's
     * {@code NormalizeReward}), the reward-normalization scale of this version.
     */
    public double returnVar = 1.0;

    public WeightsBroadcast(PolicySpec spec) {
        this(spec.parameterCount(), spec.observationDim());
        this.specHash = spec.hash();
    }

    public WeightsBroadcast(int parameterCount, int observationDim) {
        if (parameterCount <= 0 || observationDim <= 0) {
            throw new IllegalArgumentException("parameterCount and observationDim must be > 0: " + parameterCount + ", " + observationDim);
        }
        this.parameterCount = parameterCount;
        this.observationDim = observationDim;
        weights = new float[parameterCount];
        obsMean = new double[observationDim];
        obsVar = new double[observationDim];
    }

    /** Copies another broadcast of the same shape into this one (a receiver hands out stable copies). */
    public void copyFrom(WeightsBroadcast o) {
        if (o.parameterCount != parameterCount || o.observationDim != observationDim) {
            throw new IllegalArgumentException("shape differs: " + o.parameterCount + "/" + o.observationDim + " vs "
                    + parameterCount + "/" + observationDim);
        }
        version = o.version;
        specHash = o.specHash;
        System.arraycopy(o.weights, 0, weights, 0, parameterCount);
        obsCount = o.obsCount;
        System.arraycopy(o.obsMean, 0, obsMean, 0, observationDim);
        System.arraycopy(o.obsVar, 0, obsVar, 0, observationDim);
        returnVar = o.returnVar;
    }
}
