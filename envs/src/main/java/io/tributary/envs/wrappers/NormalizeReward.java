package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * Gymnasium 0.29.1's {@code NormalizeReward}: rewards are divided by the running standard deviation of a discounted
 * return accumulator, {@code r / sqrt(var(returns) + epsilon)}.
 *
 * <p>0.29.1's exact rule, reproduced here: {@code returns = returns * gamma * (1 - terminated) + r}, then the
 * statistics are updated with {@code returns}, then the reward is scaled. So the accumulator is cut only by
 * {@code terminated} (a truncation, e.g. the time limit, carries it into the next episode), the cut happens on the
 * terminal step itself (that step's return is just its reward), and {@code reset()} does not touch it.
 * Clipping is a separate wrapper ({@link TransformReward#clip}), as in CleanRL.
 */
public final class NormalizeReward extends NormalizingWrapper {

    public static final double DEFAULT_GAMMA = 0.99;

    private final RunningMeanStd returnRms = new RunningMeanStd(1);
    private final double gamma;
    private final double[] returnsBuf = new double[1];
    private double returns;

    public NormalizeReward(Env env) {
        this(env, DEFAULT_GAMMA, DEFAULT_EPSILON);
    }

    public NormalizeReward(Env env, double gamma) {
        this(env, gamma, DEFAULT_EPSILON);
    }

    public NormalizeReward(Env env, double gamma, double epsilon) {
        super(env, epsilon);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("NormalizeReward: gamma must be in [0, 1], got " + gamma);
        this.gamma = gamma;
    }

    /** The live statistics of the discounted return (dimension 1). */
    public RunningMeanStd returnRms() {
        return returnRms;
    }

    /** The discounted return accumulator. */
    public double returns() {
        return returns;
    }

    public void setReturns(double returns) {
        this.returns = returns;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        returns = returns * gamma * (s.terminated() ? 0 : 1) + s.reward();
        returnsBuf[0] = returns;
        observe(returnRms, returnsBuf);
        double scaled = s.reward() / scale(returnRms, 0);
        return new Step(s.observation(), scaled, s.terminated(), s.truncated());
    }
}
