package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * Gymnasium 0.29.1's {@code NormalizeObservation}: every observation (reset and step) first updates the running
 * statistics, then comes out as {@code (obs - mean) / sqrt(var + epsilon)}. Clipping is a separate wrapper
 * ({@link TransformObservation#clip}), as in CleanRL.
 *
 * <p>The statistics are readable and settable through {@link #obsRms()}; {@link #setUpdating(boolean)} freezes
 * them (e.g. an actor that only applies the learner's broadcast, or evaluation).
 */
public final class NormalizeObservation extends EnvWrapper {

    public static final double DEFAULT_EPSILON = 1e-8;

    private final RunningMeanStd obsRms;
    private final double epsilon;
    private boolean updating = true;

    public NormalizeObservation(Env env) {
        this(env, DEFAULT_EPSILON);
    }

    public NormalizeObservation(Env env, double epsilon) {
        super(env);
        this.obsRms = new RunningMeanStd(env.observationSpace().size());
        this.epsilon = epsilon;
    }

    /** The live statistics (not a copy): read them, {@code set} them, merge into them. */
    public RunningMeanStd obsRms() {
        return obsRms;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean updating() {
        return updating;
    }

    /** Whether observations update the statistics (true by default, as in Gymnasium). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
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
        if (updating) obsRms.update(obs);
        double[] out = new double[obs.length];
        for (int i = 0; i < obs.length; i++) {
            out[i] = (obs[i] - obsRms.mean(i)) / Math.sqrt(obsRms.var(i) + epsilon);
        }
        return out;
    }
}
