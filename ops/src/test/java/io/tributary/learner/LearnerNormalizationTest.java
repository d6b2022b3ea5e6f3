package io.tributary.learner;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.actors.RolloutWorker;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.norm.NormalizationStats;
import io.tributary.policy.norm.RunningNormalization;
import io.tributary.policy.PolicySnapshot;
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
 * statistics it keeps (merged from the fragments' moments, returns tracked from raw rewards) must equal statistics
 * over all the data.
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
        RolloutWorker worker = new RolloutWorker(vec, spec, new FrozenNormalization(3), seed, 0.0);
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
        new LearnerNormalization(1, 4, 3, 0.99).prepare(f, s.stats());
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
        new LearnerNormalization(1, 1, 3, 0.99).prepare(f, NormalizationStats.identity(3));
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

    @Test
    void statisticsOverVersionsEqualOneBatchUpdateOverEveryRawObservationAndReturn() {
        float[] w = new float[spec.parameterCount()];
        SyncVectorEnv envs = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker worker = new RolloutWorker(envs, spec, new FrozenNormalization(3), 3, 0.0);
        worker.reset(7);
        LearnerNormalization owner = new LearnerNormalization(1, 2, 3, 0.99);
        RunningMeanStd allObs = new RunningMeanStd(3);
        RunningMeanStd allReturns = new RunningMeanStd(1);
        double[] returnsSeen = new double[2];
        TrajectoryFragment f = new TrajectoryFragment(2, 150, 3, 1);
        NormalizationStats published = owner.stats();
        for (int k = 0; k < 3; k++) {
            worker.collect(new PolicySnapshot(k, spec, w, published), f);
            float[] sawObs = f.policyObservations.clone();
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
            Arrays.fill(f.policyObservations, Float.NaN);
            owner.prepare(f, published);
            // every row, the first one carried over from the previous version's fragment included, was normalized
            // with this version's statistics
            assertArrayEquals(sawObs, f.policyObservations, "version " + k);
            owner.update(f);
            published = owner.stats();
        }
        NormalizationStats s = owner.stats();
        assertEquals(allObs.count(), s.obsCount(), 1e-9);
        for (int i = 0; i < 3; i++) {
            assertEquals(allObs.mean(i), s.obsMean()[i], 1e-9);
            assertEquals(allObs.var(i), s.obsVar()[i], 1e-9);
        }
        // both sides track the returns from the fragment's float32 rewards, step by step or in one batch
        assertEquals(allReturns.var(0), s.returnVar(), 1e-9 * allReturns.var(0));
    }

    @Test
    void aFragmentThatDoesNotFitTheActorsIsRefusedByName() {
        TrajectoryFragment f = new TrajectoryFragment(3, 2, 3, 1);
        f.actorId = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearnerNormalization(2, 3, 3, 0.99).prepare(f, NormalizationStats.identity(3)));
        assertTrue(e.getMessage().contains("actor 2"), e.getMessage());
    }
}
