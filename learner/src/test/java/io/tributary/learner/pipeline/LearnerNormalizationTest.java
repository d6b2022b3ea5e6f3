package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.actors.RolloutWorker;
import io.tributary.actors.norm.FrozenNormalization;
import io.tributary.actors.norm.NormalizationStats;
import io.tributary.actors.norm.RunningNormalization;
import io.tributary.actors.policy.PolicySnapshot;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The learner recomputes what the actor's policy saw from the raw data on the wire; these must agree exactly, and the
 * statistics it merges from the actors' moments must equal statistics over all the data.
 */
class LearnerNormalizationTest {

    private final PolicySpec spec = PolicySpec.cleanRl(3, 1);

    private static PolicySnapshot snapshot(PolicySpec spec, long version, NormalizationStats stats) {
        float[] w = new float[spec.parameterCount()];
        Random r = new Random(version);
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() * 0.1);
        return new PolicySnapshot(version, spec, w, stats);
    }

    private TrajectoryFragment collect(int envs, int steps, PolicySnapshot s, long seed) {
        SyncVectorEnv vec = SyncVectorEnv.of(envs, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker worker = new RolloutWorker(vec, spec, new FrozenNormalization(envs, 3, 0.99), seed, 0.0);
        worker.reset(seed);
        TrajectoryFragment f = new TrajectoryFragment(envs, steps, 3, 1);
        worker.collect(s, f);
        return f;
    }

    @Test
    void recomputedPolicyInputsEqualWhatTheActorsPolicySaw() {
        NormalizationStats stats = new NormalizationStats(500, new double[] {0.1, -0.2, 0.3}, new double[] {0.5, 0.4, 2.0}, 3.0);
        PolicySnapshot s = snapshot(spec, 7, stats);
        TrajectoryFragment f = collect(4, 300, s, 11); // 300 steps: every env truncates at 200
        float[] sawObs = f.policyObservations.clone();
        float[] sawNext = f.policyNextObservations.clone();
        float[] sawFinal = f.policyFinalObservations.clone();
        Arrays.fill(f.policyObservations, Float.NaN);
        Arrays.fill(f.policyNextObservations, Float.NaN);
        Arrays.fill(f.policyFinalObservations, Float.NaN);
        f.actorId = 0;
        new LearnerNormalization(1, 4, 3, 0.99).prepare(f, s);
        assertArrayEquals(sawObs, f.policyObservations);
        assertArrayEquals(sawNext, f.policyNextObservations);
        int truncated = 0;
        for (int r = 0; r < f.rows(); r++) {
            if (!f.truncated[r]) continue;
            truncated++;
            for (int i = 0; i < 3; i++) assertEquals(sawFinal[r * 3 + i], f.policyFinalObservations[r * 3 + i], "row " + r);
        }
        assertEquals(4, truncated);
    }

    @Test
    void rewardScalingFollowsCleanRlsNormalizeRewardStepByStepForOneEnv() {
        TrajectoryFragment f = collect(1, 450, snapshot(spec, 0, NormalizationStats.identity(3)), 3);
        f.actorId = 0;
        RunningNormalization cleanRl = new RunningNormalization(1, 3, 0.99);
        float[] expected = new float[f.rows()];
        for (int r = 0; r < f.rows(); r++) expected[r] = cleanRl.reward(0, f.rewards[r], f.terminated[r]);
        new LearnerNormalization(1, 1, 3, 0.99).prepare(f, snapshot(spec, 0, NormalizationStats.identity(3)));
        assertArrayEquals(expected, f.trainRewards);
    }

    @Test
    void mergedActorMomentsEqualStatisticsOverAllObservations() {
        PolicySnapshot s = snapshot(spec, 0, NormalizationStats.identity(3));
        TrajectoryFragment a = collect(2, 150, s, 5);
        TrajectoryFragment b = collect(3, 150, s, 6);
        LearnerNormalization norm = new LearnerNormalization(2, 3, 3, 0.99);
        a.actorId = 0;
        b.actorId = 1;
        norm.update(a);
        norm.update(b);
        NormalizationStats merged = norm.stats();
        RunningMeanStd all = new RunningMeanStd(3);
        double[] rows = new double[(a.rows() + b.rows()) * 3];
        for (int i = 0; i < a.rows() * 3; i++) rows[i] = a.observations[i];
        for (int i = 0; i < b.rows() * 3; i++) rows[a.rows() * 3 + i] = b.observations[i];
        all.update(rows, 0, a.rows() + b.rows());
        assertEquals(all.count(), merged.obsCount(), 1e-9);
        for (int i = 0; i < 3; i++) {
            assertEquals(all.mean(i), merged.obsMean()[i], 1e-9);
            assertEquals(all.var(i), merged.obsVar()[i], 1e-9 * Math.max(1, all.var(i)));
        }
    }
}
