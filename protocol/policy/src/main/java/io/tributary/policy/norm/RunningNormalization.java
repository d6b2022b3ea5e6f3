package io.tributary.policy.norm;

import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.PolicyVersion;

/**
 * CleanRL's normalization: every env copy has its own {@link RunningMeanStd} for observations and its own
 * {@link ReturnNormalizer} for the discounted return, updated before each transform (Gymnasium 0.29
 * {@code NormalizeObservation} and {@code NormalizeReward}, whose maths these are). The discounted return is reset
 * only on termination, not on truncation, as in that Gymnasium version.
 */
public final class RunningNormalization implements Normalization {

    private final RunningMeanStd[] obsRms;
    private final ReturnNormalizer[] rewards;

    public RunningNormalization(int numEnvs, int observationDim, double gamma) {
        obsRms = new RunningMeanStd[numEnvs];
        rewards = new ReturnNormalizer[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            obsRms[i] = new RunningMeanStd(observationDim);
            rewards[i] = new ReturnNormalizer(1, gamma, EPSILON);
        }
    }

    @Override
    public void onVersion(PolicyVersion version) {
        // statistics are the worker's own in this mode
    }

    @Override
    public void observation(int env, double[] raw, int rawOffset, float[] out, int outOffset) {
        RunningMeanStd rms = obsRms[env];
        rms.update(raw, rawOffset, 1);
        for (int i = 0; i < rms.dim(); i++) {
            out[outOffset + i] = (float) Normalization.clip(rms.normalized(i, raw[rawOffset + i], EPSILON));
        }
    }

    @Override
    public float reward(int env, double rawReward, boolean terminated) {
        return (float) Normalization.clip(rewards[env].normalize(0, rawReward, terminated));
    }

    /** Env {@code env}'s observation statistics (for tests and for publishing). */
    public RunningMeanStd observationStats(int env) {
        return obsRms[env];
    }

    public RunningMeanStd returnStats(int env) {
        return rewards[env].stats();
    }

    /** Every env copy's statistics and return accumulator, for a checkpoint. */
    public State state() {
        RunningMeanStd.Moments[] obs = new RunningMeanStd.Moments[obsRms.length];
        ReturnNormalizer.State[] ret = new ReturnNormalizer.State[rewards.length];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = obsRms[i].moments();
            ret[i] = rewards[i].state();
        }
        return new State(obs, ret);
    }

    /** Restores {@link #state()} of a normalization with as many env copies. */
    public void restore(State s) {
        if (s.observations().length != obsRms.length || s.rewards().length != rewards.length) {
            throw new IllegalArgumentException("the saved normalization has " + s.observations().length + " env copies, this one "
                    + obsRms.length);
        }
        for (int i = 0; i < obsRms.length; i++) {
            obsRms[i].set(s.observations()[i]);
            rewards[i].restore(s.rewards()[i]);
        }
    }

    /** Per env copy: observation statistics and reward normalizer state. */
    public record State(RunningMeanStd.Moments[] observations, ReturnNormalizer.State[] rewards) {}
}
