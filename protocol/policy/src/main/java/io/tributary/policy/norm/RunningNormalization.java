package io.tributary.policy.norm;

import io.tributary.policy.PolicySnapshot;
import io.tributary.envs.stats.RunningMeanStd;

/**
 * CleanRL's normalization: every env copy has its own {@link RunningMeanStd} for observations and for the
 * discounted return, updated before each transform (Gymnasium 0.29 {@code NormalizeObservation} and
 * {@code NormalizeReward}). The discounted return is reset only on termination, not on truncation, as in that
 * Gymnasium version.
 */
public final class RunningNormalization implements Normalization {

    private final RunningMeanStd[] obsRms;
    private final RunningMeanStd[] returnRms;
    private final double[] returns;
    private final double gamma;
    private final double[] returnScratch = new double[1];

    public RunningNormalization(int numEnvs, int observationDim, double gamma) {
        obsRms = new RunningMeanStd[numEnvs];
        returnRms = new RunningMeanStd[numEnvs];
        for (int i = 0; i < numEnvs; i++) {
            obsRms[i] = new RunningMeanStd(observationDim);
            returnRms[i] = new RunningMeanStd(1);
        }
        returns = new double[numEnvs];
        this.gamma = gamma;
    }

    @Override
    public void onSnapshot(PolicySnapshot snapshot) {
        // statistics are the worker's own in this mode
    }

    @Override
    public void observation(int env, double[] raw, int rawOffset, float[] out, int outOffset) {
        RunningMeanStd rms = obsRms[env];
        rms.update(raw, rawOffset, 1);
        for (int i = 0; i < rms.dim(); i++) {
            double z = (raw[rawOffset + i] - rms.mean(i)) / Math.sqrt(rms.var(i) + EPSILON);
            out[outOffset + i] = (float) Math.max(-CLIP, Math.min(CLIP, z));
        }
    }

    @Override
    public float reward(int env, double rawReward, boolean terminated) {
        returns[env] = returns[env] * gamma * (terminated ? 0.0 : 1.0) + rawReward;
        returnScratch[0] = returns[env];
        returnRms[env].update(returnScratch);
        double r = rawReward / Math.sqrt(returnRms[env].var(0) + EPSILON);
        return (float) Math.max(-CLIP, Math.min(CLIP, r));
    }

    /** Env {@code env}'s observation statistics (for tests and for publishing). */
    public RunningMeanStd observationStats(int env) {
        return obsRms[env];
    }

    public RunningMeanStd returnStats(int env) {
        return returnRms[env];
    }
}
