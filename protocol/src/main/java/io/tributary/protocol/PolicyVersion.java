package io.tributary.protocol;

import java.util.Arrays;

/**
 * One version of the policy as the learner hands it to actors, and the only form it takes: in the learner's hands,
 * in the weights codec (which encodes and decodes this type directly), in an actor, and in {@code final-weights.bin}.
 * It holds only what an actor uses: the policy prefix of the flat parameter vector ({@link PolicySpec}'s actor-mean
 * layers and {@code log_std}, {@link PolicySpec#policyParameterCount()} floats; the critic stays with the learner)
 * and the observation statistics to normalize with while this version is in use. The return statistics are not
 * here: rewards are scaled on the learner, so an actor has no use for them.
 *
 * <p>Preallocated for one spec and overwritten in place ({@link #copyFrom}); whoever hands one to another thread
 * stops writing it.
 */
public final class PolicyVersion {

    public final PolicySpec spec;
    public final int policyParameterCount;
    public final int observationDim;

    public long version;
    public long specHash;
    /** [policyParameterCount]: the actor-mean MLP and {@code log_std}, in {@link PolicySpec}'s flat layout. */
    public final float[] weights;
    /** Observation statistics (Gymnasium's RunningMeanStd: count, mean, population variance) of this version. */
    public double obsCount;
    public final double[] obsMean;
    public final double[] obsVar;

    /** Version 0 shape with Gymnasium's initial statistics (count 1e-4, mean 0, variance 1) and zero weights. */
    public PolicyVersion(PolicySpec spec) {
        if (spec == null) throw new IllegalArgumentException("spec must not be null");
        this.spec = spec;
        this.specHash = spec.hash();
        this.policyParameterCount = spec.policyParameterCount();
        this.observationDim = spec.observationDim();
        this.weights = new float[policyParameterCount];
        this.obsMean = new double[observationDim];
        this.obsVar = new double[observationDim];
        this.obsCount = INITIAL_OBS_COUNT;
        Arrays.fill(obsVar, 1.0);
    }

    /** Gymnasium's initial RunningMeanStd count (so the first update is no division by zero). */
    public static final double INITIAL_OBS_COUNT = 1e-4;

    /**
     * Copies the policy prefix out of a flat vector of the whole network (or of the prefix alone) into
     * {@link #weights}.
     */
    public PolicyVersion setWeights(float[] flat) {
        if (flat == null || flat.length < policyParameterCount) {
            throw new IllegalArgumentException("weights have " + (flat == null ? "no" : flat.length) + " floats; the policy "
                    + spec + " needs at least " + policyParameterCount);
        }
        System.arraycopy(flat, 0, weights, 0, policyParameterCount);
        return this;
    }

    /** Sets the observation statistics (copied). */
    public PolicyVersion setObservationStats(double count, double[] mean, double[] var) {
        if (mean.length != observationDim || var.length != observationDim) {
            throw new IllegalArgumentException("observation statistics have " + mean.length + "/" + var.length
                    + " elements, the spec has " + observationDim);
        }
        obsCount = count;
        System.arraycopy(mean, 0, obsMean, 0, observationDim);
        System.arraycopy(var, 0, obsVar, 0, observationDim);
        return this;
    }

    /** Copies another version of the same spec into this one (a receiver hands out stable copies). */
    public void copyFrom(PolicyVersion o) {
        if (!o.spec.equals(spec)) throw new IllegalArgumentException("spec differs: " + o.spec + " vs " + spec);
        version = o.version;
        specHash = o.specHash;
        System.arraycopy(o.weights, 0, weights, 0, policyParameterCount);
        obsCount = o.obsCount;
        System.arraycopy(o.obsMean, 0, obsMean, 0, observationDim);
        System.arraycopy(o.obsVar, 0, obsVar, 0, observationDim);
    }

    /** A copy of this version (for a hand-off to another thread). */
    public PolicyVersion copy() {
        PolicyVersion c = new PolicyVersion(spec);
        c.copyFrom(this);
        return c;
    }
}
