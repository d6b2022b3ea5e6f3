package io.tributary.ops.eval;

import io.tributary.envs.Box;
import io.tributary.policy.GaussianPolicy;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.protocol.PolicyVersion;
import java.util.random.RandomGenerator;

/**
 * A trained policy's action for a raw observation, as an actor computes it: the observation normalized with the
 * version's statistics ({@link FrozenNormalization}: {@code clip((x - mean) / sqrt(var + 1e-8), -10, 10)} as float32),
 * the actor-mean MLP ({@link GaussianPolicy}), then the mean itself (deterministic) or a sample from
 * {@code N(mean, exp(log_std))}, as float32, clipped to the action space ({@code ClipAction}).
 */
public final class PolicyActor {

    private final GaussianPolicy policy;
    private final FrozenNormalization norm;
    private final Box actionSpace;
    private final float[] obs;
    private final float[] sample;
    private final double[] mean;

    public PolicyActor(PolicyVersion version, Box actionSpace) {
        if (actionSpace.size() != version.spec.actionDim()) {
            throw new IllegalArgumentException("the action space has " + actionSpace.size() + " elements, the policy " + version.spec.actionDim());
        }
        policy = new GaussianPolicy(version.spec);
        policy.load(version);
        norm = new FrozenNormalization(version.spec.observationDim());
        norm.onVersion(version);
        this.actionSpace = actionSpace;
        obs = new float[version.spec.observationDim()];
        sample = new float[actionSpace.size()];
        mean = new double[actionSpace.size()];
    }

    /** The mean action for {@code raw}, clipped, into {@code action}. */
    public void deterministic(double[] raw, double[] action) {
        norm.observation(0, raw, 0, obs, 0);
        policy.mean(obs, 0, mean, 0);
        for (int j = 0; j < mean.length; j++) action[j] = clip(j, (float) mean[j]);
    }

    /** A sampled action for {@code raw}, clipped, into {@code action}. */
    public void sample(double[] raw, RandomGenerator rng, double[] action) {
        norm.observation(0, raw, 0, obs, 0);
        policy.sample(obs, 0, rng, 0.0, sample, 0);
        for (int j = 0; j < sample.length; j++) action[j] = clip(j, sample[j]);
    }

    private double clip(int j, float a) {
        return Math.max(actionSpace.low(j), Math.min(actionSpace.high(j), a));
    }
}
