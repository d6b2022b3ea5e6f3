package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import java.util.function.UnaryOperator;

/**
 * Gymnasium's {@code TransformObservation}: applies a function to every observation (reset and step).
 * {@link #clip} is CleanRL's {@code lambda obs: np.clip(obs, -10, 10)}.
 */
public final class TransformObservation extends EnvWrapper {

    private final UnaryOperator<double[]> f;

    public TransformObservation(Env env, UnaryOperator<double[]> f) {
        super(env);
        if (f == null) throw new IllegalArgumentException("TransformObservation: function is null");
        this.f = f;
    }

    /** Clips every element into [low, high] (NaN stays NaN, as np.clip does). */
    public static TransformObservation clip(Env env, double low, double high) {
        if (!(low <= high)) throw new IllegalArgumentException("TransformObservation.clip: low " + low + " > high " + high);
        return new TransformObservation(env, obs -> {
            double[] out = new double[obs.length];
            for (int i = 0; i < obs.length; i++) out[i] = Math.min(Math.max(obs[i], low), high);
            return out;
        });
    }

    @Override
    public double[] reset(long seed) {
        return f.apply(env.reset(seed));
    }

    @Override
    public double[] reset() {
        return f.apply(env.reset());
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        return new Step(f.apply(s.observation()), s.reward(), s.terminated(), s.truncated());
    }
}
