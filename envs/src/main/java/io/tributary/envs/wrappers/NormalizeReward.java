package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * Gymnasium 0.29.1's {@code NormalizeReward}: rewards are divided by the running standard deviation of a discounted
 * return accumulator, {@code r / sqrt(var(returns) + epsilon)}.
 *
 * <p>0.29.1's exact rule, reproduced here: {@code returns = returns * gamma * (1 - terminated) + r}, then the
 * statistics are updated with {@code returns}, then the reward is scaled. So the accumulator is cut only by
 * {@code terminated} (a truncation, e.g. the time limit, carries it into the next episode), the cut happens on the
 * terminal step itself (that step's return is just its reward), and {@code reset()} does not touch it.
 * Clipping is a separate wrapper ({@link TransformReward#clip}), as in CleanRL. The step itself is
 * {@link ReturnNormalizer}'s, shared with the rollout worker's and the learner's reward scaling.
 */
public final class NormalizeReward extends NormalizingWrapper {

    public static final double DEFAULT_GAMMA = 0.99;

    private final ReturnNormalizer normalizer;

    public NormalizeReward(Env env) {
        this(env, DEFAULT_GAMMA, DEFAULT_EPSILON);
    }

    public NormalizeReward(Env env, double gamma) {
        this(env, gamma, DEFAULT_EPSILON);
    }

    public NormalizeReward(Env env, double gamma, double epsilon) {
        super(env, epsilon);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("NormalizeReward: gamma must be in [0, 1], got " + gamma);
        this.normalizer = new ReturnNormalizer(1, gamma, epsilon);
    }

    /** The live statistics of the discounted return (dimension 1). */
    public RunningMeanStd returnRms() {
        return normalizer.stats();
    }

    /** The discounted return accumulator. */
    public double returns() {
        return normalizer.returns(0);
    }

    public void setReturns(double returns) {
        normalizer.setReturns(0, returns);
    }

    public double gamma() {
        return normalizer.gamma();
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        double scaled = normalizer.normalize(0, s.reward(), s.terminated(), updating());
        return new Step(s.observation(), scaled, s.terminated(), s.truncated());
    }
}
