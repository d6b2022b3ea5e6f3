package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * What Gymnasium 0.29.1's two normalizing wrappers share: running statistics that every value first updates (unless
 * frozen with {@link #setUpdating(boolean)}, e.g. an actor that only applies the learner's broadcast, or evaluation),
 * then a division by {@code sqrt(var + epsilon)} ({@link RunningMeanStd#normalized},
 * {@link io.tributary.envs.stats.ReturnNormalizer}).
 */
public abstract sealed class NormalizingWrapper extends EnvWrapper permits NormalizeObservation, NormalizeReward {

    public static final double DEFAULT_EPSILON = 1e-8;

    private final double epsilon;
    private boolean updating = true;

    NormalizingWrapper(Env env, double epsilon) {
        super(env);
        this.epsilon = epsilon;
    }

    public double epsilon() {
        return epsilon;
    }

    public boolean updating() {
        return updating;
    }

    /** Whether values update the statistics (true by default, as in Gymnasium). */
    public void setUpdating(boolean updating) {
        this.updating = updating;
    }

    /** Adds {@code x} to {@code rms} unless the statistics are frozen. */
    final void observe(RunningMeanStd rms, double[] x) {
        if (updating) rms.update(x);
    }
}
