package io.tributary.learner;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.actors.RolloutWorker;
import io.tributary.actors.norm.FrozenNormalization;
import io.tributary.actors.norm.NormalizationStats;
import io.tributary.actors.policy.PolicySnapshot;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import org.junit.jupiter.api.Test;

/** Frozen-statistics mode: what the learner merges from fragments equals the statistics of all raw data at once. */
class NormalizationOwnerTest {

    @Test
    void mergedFragmentMomentsEqualOneBatchUpdateOverEveryRawObservationAndReturn() {
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        float[] w = new float[spec.parameterCount()];
        SyncVectorEnv envs = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"));
        FrozenNormalization frozen = new FrozenNormalization(2, 3, 0.99);
        RolloutWorker worker = new RolloutWorker(envs, spec, frozen, 3, 0.0);
        worker.reset(7);
        NormalizationOwner owner = new NormalizationOwner(3);
        RunningMeanStd allObs = new RunningMeanStd(3);
        RunningMeanStd allReturns = new RunningMeanStd(1);
        double[] returnsSeen = new double[2];
        TrajectoryFragment f = new TrajectoryFragment(2, 150, 3, 1);
        NormalizationStats published = NormalizationStats.identity(3);
        for (int k = 0; k < 3; k++) {
            worker.collect(new PolicySnapshot(k, spec, w, published), f);
            double[] rows = new double[f.rows() * 3];
            for (int i = 0; i < rows.length; i++) rows[i] = f.observations[i];
            allObs.update(rows, 0, f.rows());
            double[] g = new double[f.rows()];
            for (int t = 0; t < f.steps; t++) {
                for (int n = 0; n < 2; n++) {
                    int row = t * 2 + n;
                    returnsSeen[n] = returnsSeen[n] * 0.99 * (f.terminated[row] ? 0 : 1) + f.rewards[row];
                    g[row] = returnsSeen[n];
                }
            }
            allReturns.update(g, 0, g.length);
            owner.merge(f);
            published = owner.stats();
            // the worker normalizes with the published statistics, unchanged within the fragment
            double z = (f.observations[0] - published.obsMean()[0]) / Math.sqrt(published.obsVar()[0] + 1e-8);
            assertTrue(Double.isFinite(z));
        }
        NormalizationStats s = owner.stats();
        assertEquals(allObs.count(), s.obsCount(), 1e-9);
        for (int i = 0; i < 3; i++) {
            assertEquals(allObs.mean(i), s.obsMean()[i], 1e-9);
            assertEquals(allObs.var(i), s.obsVar()[i], 1e-9);
        }
        // the test rebuilds the returns from the fragment's float32 rewards, the worker from float64 ones
        assertEquals(allReturns.var(0), s.returnVar(), 1e-6 * allReturns.var(0));
    }
}
