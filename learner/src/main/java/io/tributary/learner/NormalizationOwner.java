package io.tributary.learner;

import io.tributary.actors.norm.NormalizationStats;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.TrajectoryFragment;

/**
 * The learner-owned normalization statistics of the distributed mode: every fragment's raw-observation moments and
 * discounted-return moments are merged (Chan et al.'s parallel update, Gymnasium's arithmetic) after the update of
 * the version that collected it, and the result is published inside the next snapshot, where actors use it frozen.
 */
public final class NormalizationOwner {

    private final RunningMeanStd obs;
    private final RunningMeanStd returns = new RunningMeanStd(1);
    private final double[] one = new double[1];
    private final double[] oneM2 = new double[1];

    public NormalizationOwner(int observationDim) {
        this.obs = new RunningMeanStd(observationDim);
    }

    public void merge(TrajectoryFragment f) {
        if (f.obsCount > 0) obs.merge(f.obsCount, f.obsMean, f.obsM2);
        if (f.returnCount > 0) {
            one[0] = f.returnMean;
            oneM2[0] = f.returnM2;
            returns.merge(f.returnCount, one, oneM2);
        }
    }

    public NormalizationStats stats() {
        return new NormalizationStats(obs.count(), obs.mean(), obs.var(), returns.var(0));
    }
}
