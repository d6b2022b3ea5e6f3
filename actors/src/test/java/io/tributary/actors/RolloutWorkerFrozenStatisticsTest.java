package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.PolicyVersion;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import org.junit.jupiter.api.Test;

/**
 * With frozen statistics every row of a fragment, the observation carried over from the previous fragment included,
 * is normalized with the statistics of the fragment's version: the learner recomputes the policy's inputs from the
 * raw observations with exactly those statistics.
 */
class RolloutWorkerFrozenStatisticsTest {

    @Test
    void theObservationCarriedIntoANewFragmentUsesTheNewVersionsStatistics() {
        PolicySpec spec = PolicySpec.cleanRl(3, 1);
        float[] w = new float[spec.parameterCount()];
        SyncVectorEnv envs = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker worker = new RolloutWorker(envs, spec, new FrozenNormalization(3), 5, 0.0);
        worker.reset(3);
        TrajectoryFragment f = new TrajectoryFragment(2, 10, 3, 1);
        PolicyInputs seen = PolicyInputs.like(f);
        worker.collect(new PolicyVersion(spec).setWeights(w), f, seen);
        float[] carried = f.nextObservations.clone();

        double[] mean = {0.5, -0.25, 1.0};
        double[] var = {0.04, 4.0, 9.0};
        PolicyVersion v1 = new PolicyVersion(spec).setWeights(w).setObservationStats(100, mean, var);
        v1.version = 1;
        worker.collect(v1, f, seen);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(carried[n * 3 + i], f.observations[n * 3 + i], "raw carried observation, env " + n);
                double z = (carried[n * 3 + i] - mean[i]) / Math.sqrt(var[i] + 1e-8);
                float expected = (float) Math.max(-10, Math.min(10, z));
                assertEquals(expected, seen.observations[n * 3 + i], 1e-6f, "env " + n + " element " + i);
                // the previous version's statistics (identity) would have left it unchanged
                assertNotEquals(carried[n * 3 + i], seen.observations[n * 3 + i], 1e-3f);
            }
        }
    }
}
