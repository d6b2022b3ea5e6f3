package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * Gymnasium 0.29.1's {@code NormalizeObservation}: every observation (reset and step) first updates the running
 * statistics, then comes out as {@code (obs - mean) / sqrt(var + epsilon)}. Clipping is a separate wrapper
 * ({@link TransformObservation#clip}), as in CleanRL.
 *
 * <p>The statistics are readable and settable through {@link #obsRms()}; {@link #setUpdating(boolean)} freezes them.
 */
public final class NormalizeObservation extends NormalizingWrapper {

    private final RunningMeanStd obsRms;

    public NormalizeObservation(Env env) {
        this(env, DEFAULT_EPSILON);
    }

    public NormalizeObservation(Env env, double epsilon) {
        super(env, epsilon);
        this.obsRms = new RunningMeanStd(env.observationSpace().size());
    }

    /** The live statistics (not a copy): read them, {@code set} them, merge into them. */
    public RunningMeanStd obsRms() {
        return obsRms;
    }

    @Override
    public double[] reset(long seed) {
        return normalize(env.reset(seed));
    }

    @Override
    public double[] reset() {
        return normalize(env.reset());
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        return new Step(normalize(s.observation()), s.reward(), s.terminated(), s.truncated());
    }

    private double[] normalize(double[] obs) {
        observe(obsRms, obs);
        double[] out = new double[obs.length];
        for (int i = 0; i < obs.length; i++) {
            out[i] = obsRms.normalized(i, obs[i], epsilon());
        }
        return out;
    }
}
