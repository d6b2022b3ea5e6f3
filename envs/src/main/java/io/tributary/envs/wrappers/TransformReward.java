package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import java.util.function.DoubleUnaryOperator;

/**
 * Gymnasium's {@code TransformReward}: applies a function to every reward. {@link #clip} is CleanRL's
 * {@code lambda reward: np.clip(reward, -10, 10)}.
 */
public final class TransformReward extends EnvWrapper {

    private final DoubleUnaryOperator f;

    public TransformReward(Env env, DoubleUnaryOperator f) {
        super(env);
        if (f == null) throw new IllegalArgumentException("TransformReward: function is null");
        this.f = f;
    }

    /** Clips the reward into [low, high]. */
    public static TransformReward clip(Env env, double low, double high) {
        if (!(low <= high)) throw new IllegalArgumentException("TransformReward.clip: low " + low + " > high " + high);
        return new TransformReward(env, r -> Math.min(Math.max(r, low), high));
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        return new Step(s.observation(), f.applyAsDouble(s.reward()), s.terminated(), s.truncated());
    }
}
