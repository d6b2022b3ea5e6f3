package io.tributary.learner;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.actors.RolloutWorker;
import io.tributary.policy.PolicyInputs;
import io.tributary.policy.norm.FrozenNormalization;
import io.tributary.policy.norm.RunningNormalization;
import io.tributary.protocol.PolicyVersion;
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

    /** A version with random weights and the given observation statistics (Gymnasium's initial ones when null). */
    private static PolicyVersion snapshot(PolicySpec spec, long version, double[] stats) {
        float[] w = new float[spec.parameterCount()];
        Random r = new Random(version);
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() * 0.1);
        PolicyVersion v = new PolicyVersion(spec).setWeights(w);
        v.version = version;
        if (stats != null) v.setObservationStats(stats[0], Arrays.copyOfRange(stats, 1, 4), Arrays.copyOfRange(stats, 4, 7));
        return v;
    }

    /** The fragment and what the actor's policy saw while it was collected. */
    private record Collected(TrajectoryFragment f, PolicyInputs seen) {}

    private Collected collect(int envs, int steps, PolicyVersion s, long seed) {
        SyncVectorEnv vec = SyncVectorEnv.of(envs, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker worker = new RolloutWorker(vec, spec, new FrozenNormalization(3), seed, 0.0);
        worker.reset(seed);
        TrajectoryFragment f = new TrajectoryFragment(envs, steps, 3, 1);
        PolicyInputs seen = PolicyInputs.like(f);
        worker.collect(s, f, seen);
        return new Collected(f, seen);
    }

    @Test
    void recomputedPolicyInputsEqualWhatTheActorsPolicySaw() {
        PolicyVersion s = snapshot(spec, 7, new double[] {500, 0.1, -0.2, 0.3, 0.5, 0.4, 2.0});
        Collected c = collect(4, 300, s, 11); // 300 steps: every env truncates at 200
        TrajectoryFragment f = c.f();
        float[] sawObs = c.seen().observations.clone();
        float[] sawNext = c.seen().nextObservations.clone();
        float[] sawFinal = c.seen().finalObservations.clone();
        PolicyInputs recomputed = PolicyInputs.like(f);
        Arrays.fill(recomputed.observations, Float.NaN);
        Arrays.fill(recomputed.nextObservations, Float.NaN);
        Arrays.fill(recomputed.finalObservations, Float.NaN);
        f.actorId = 0;
        new LearnerNormalization(3, 0.99).prepare(f, s, recomputed);
        assertArrayEquals(sawObs, recomputed.observations);
        assertArrayEquals(sawNext, recomputed.nextObservations);
        int truncated = 0;
        for (int r = 0; r < f.rows(); r++) {
            if (!f.truncated[r]) continue;
            truncated++;
            for (int i = 0; i < 3; i++) assertEquals(sawFinal[r * 3 + i], recomputed.finalObservations[r * 3 + i], "row " + r);
        }
        assertEquals(4, truncated);
    }

    @Test
    void rewardScalingFollowsCleanRlsNormalizeRewardStepByStepForOneEnv() {
        PolicyVersion v = snapshot(spec, 0, null);
        TrajectoryFragment f = collect(1, 450, v, 3).f();
        f.actorId = 0;
        RunningNormalization cleanRl = new RunningNormalization(1, 3, 0.99);
        float[] expected = new float[f.rows()];
        for (int r = 0; r < f.rows(); r++) expected[r] = cleanRl.reward(0, f.rewards[r], f.terminated[r]);
        PolicyInputs in = PolicyInputs.like(f);
        new LearnerNormalization(3, 0.99).prepare(f, v, in);
        assertArrayEquals(expected, in.rewards);
    }

    @Test
    void mergedActorMomentsEqualStatisticsOverAllObservations() {
        PolicyVersion s = snapshot(spec, 0, null);
        TrajectoryFragment a = collect(2, 150, s, 5).f();
        TrajectoryFragment b = collect(3, 150, s, 6).f();
        LearnerNormalization norm = new LearnerNormalization(3, 0.99);
        a.actorId = 0;
        b.actorId = 1;
        norm.update(a);
        norm.update(b);
        PolicyVersion merged = new PolicyVersion(spec);
        norm.publish(merged);
        RunningMeanStd all = new RunningMeanStd(3);
        double[] rows = new double[(a.rows() + b.rows()) * 3];
        for (int i = 0; i < a.rows() * 3; i++) rows[i] = a.observations[i];
        for (int i = 0; i < b.rows() * 3; i++) rows[a.rows() * 3 + i] = b.observations[i];
        all.update(rows, 0, a.rows() + b.rows());
        assertEquals(all.count(), merged.obsCount, 1e-9);
        for (int i = 0; i < 3; i++) {
            assertEquals(all.mean(i), merged.obsMean[i], 1e-9);
            assertEquals(all.var(i), merged.obsVar[i], 1e-9 * Math.max(1, all.var(i)));
        }
    }

    @Test
    void statisticsOverVersionsEqualOneBatchUpdateOverEveryRawObservationAndReturn() {
        float[] w = new float[spec.parameterCount()];
        SyncVectorEnv envs = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker worker = new RolloutWorker(envs, spec, new FrozenNormalization(3), 3, 0.0);
        worker.reset(7);
        LearnerNormalization owner = new LearnerNormalization(3, 0.99);
        RunningMeanStd allObs = new RunningMeanStd(3);
        RunningMeanStd allReturns = new RunningMeanStd(1);
        double[] returnsSeen = new double[2];
        TrajectoryFragment f = new TrajectoryFragment(2, 150, 3, 1);
        PolicyInputs seen = PolicyInputs.like(f);
        PolicyInputs recomputed = PolicyInputs.like(f);
        PolicyVersion published = new PolicyVersion(spec).setWeights(w);
        owner.publish(published);
        for (int k = 0; k < 3; k++) {
            published.version = k;
            worker.collect(published, f, seen);
            float[] sawObs = seen.observations.clone();
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
            Arrays.fill(recomputed.observations, Float.NaN);
            owner.prepare(f, published, recomputed);
            // every row, the first one carried over from the previous version's fragment included, was normalized
            // with this version's statistics
            assertArrayEquals(sawObs, recomputed.observations, "version " + k);
            owner.update(f);
            owner.publish(published);
        }
        PolicyVersion s = new PolicyVersion(spec);
        owner.publish(s);
        assertEquals(allObs.count(), s.obsCount, 1e-9);
        for (int i = 0; i < 3; i++) {
            assertEquals(allObs.mean(i), s.obsMean[i], 1e-9);
            assertEquals(allObs.var(i), s.obsVar[i], 1e-9);
        }
        // both sides track the returns from the fragment's float32 rewards, step by step or in one batch
        assertEquals(allReturns.var(0), owner.returnStats().var(0), 1e-9 * allReturns.var(0));
    }

    @Test
    void aFragmentThatDoesNotFitItsPolicyInputsIsRefusedByName() {
        TrajectoryFragment f = new TrajectoryFragment(3, 2, 3, 1);
        f.actorId = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LearnerNormalization(3, 0.99).prepare(f, new PolicyVersion(spec), new PolicyInputs(2, 2, 3)));
        assertTrue(e.getMessage().contains("actor 2"), e.getMessage());
        f.actorId = -1;
        e = assertThrows(IllegalArgumentException.class,
                () -> new LearnerNormalization(3, 0.99).prepare(f, new PolicyVersion(spec), PolicyInputs.like(f)));
        assertTrue(e.getMessage().contains("actor -1"), e.getMessage());
    }

    @Test
    void anActorThatJoinsLaterGetsItsOwnReturnTrackersWithoutResizingAnythingSizedAtStart() {
        PolicyVersion v = snapshot(spec, 0, null);
        TrajectoryFragment first = collect(2, 150, v, 5).f();
        TrajectoryFragment late = collect(2, 150, v, 6).f();
        LearnerNormalization norm = new LearnerNormalization(3, 0.99);
        first.actorId = 0;
        norm.prepare(first, v, PolicyInputs.like(first));
        late.actorId = 7;
        PolicyInputs in = PolicyInputs.like(late);
        norm.prepare(late, v, in);
        // the late actor's returns start at 0: its first reward is scaled by statistics that now include r itself
        double r0 = late.rewards[0];
        assertTrue(Float.isFinite(in.rewards[0]) && in.rewards[0] != 0, "scaled " + in.rewards[0] + " from " + r0);
        ReturnState s = ReturnState.of(norm);
        assertEquals(16, s.copies(), "copies 0..15 exist: actor 7 x 2 envs");
        assertEquals(0.0, s.returns()[2], "actor 1 never reported: its trackers are untouched");
    }

    private record ReturnState(int copies, double[] returns) {
        static ReturnState of(LearnerNormalization n) {
            double[] r = n.state().rewards().returns();
            return new ReturnState(r.length, r);
        }
    }

    @Test
    void restoredStatisticsContinueExactlyAsTheOnesThatWereSaved() {
        PolicyVersion v = snapshot(spec, 0, null);
        TrajectoryFragment a = collect(2, 150, v, 5).f();
        TrajectoryFragment b = collect(2, 150, v, 6).f();
        a.actorId = 0;
        b.actorId = 1;
        LearnerNormalization original = new LearnerNormalization(3, 0.99);
        original.prepare(a, v, PolicyInputs.like(a));
        original.update(a);
        LearnerNormalization restored = new LearnerNormalization(3, 0.99);
        restored.restore(original.state());
        PolicyInputs fromOriginal = PolicyInputs.like(b);
        PolicyInputs fromRestored = PolicyInputs.like(b);
        original.prepare(b, v, fromOriginal);
        restored.prepare(b, v, fromRestored);
        original.update(b);
        restored.update(b);
        assertArrayEquals(fromOriginal.rewards, fromRestored.rewards);
        PolicyVersion po = new PolicyVersion(spec);
        PolicyVersion pr = new PolicyVersion(spec);
        original.publish(po);
        restored.publish(pr);
        assertEquals(po.obsCount, pr.obsCount);
        assertArrayEquals(po.obsMean, pr.obsMean);
        assertArrayEquals(po.obsVar, pr.obsVar);
        assertArrayEquals(original.state().rewards().returns(), restored.state().rewards().returns());
    }
}
