package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.EnvRegistry;
import io.tributary.envs.SyncVectorEnv;
import io.tributary.policy.PolicyInputs;
import io.tributary.policy.norm.RunningNormalization;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.TrajectoryFragment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A fragment collected a few vector steps at a time ({@code begin}, then {@code advance} per duty cycle) is the one
 * {@code collect} gathers in one call, float for float, across fragments (the env, normalization and generator state
 * carried between them), in CleanRL mode where the worker also records what the policy saw.
 */
class RolloutWorkerAdvanceTest {

    private final PolicySpec spec = PolicySpec.cleanRl(3, 1);

    private RolloutWorker worker() {
        SyncVectorEnv envs = SyncVectorEnv.of(2, () -> EnvRegistry.make("Pendulum-v1"));
        RolloutWorker w = new RolloutWorker(envs, spec, new RunningNormalization(2, 3, 0.99), 5, 0.0);
        w.reset(3);
        return w;
    }

    @Test
    void aFragmentAdvancedInPiecesEqualsOneCollectedInOneCall() {
        float[] weights = new float[spec.parameterCount()];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (0.3 * r.nextGaussian());
        PolicyVersion v = new PolicyVersion(spec).setWeights(weights);
        RolloutWorker whole = worker();
        RolloutWorker pieces = worker();
        // 250 steps: Pendulum's 200-step limit truncates inside the second fragment
        TrajectoryFragment a = new TrajectoryFragment(2, 125, 3, 1);
        TrajectoryFragment b = new TrajectoryFragment(2, 125, 3, 1);
        PolicyInputs seenA = PolicyInputs.like(a);
        PolicyInputs seenB = PolicyInputs.like(b);
        for (int fragment = 0; fragment < 2; fragment++) {
            whole.collect(v, a, seenA);
            pieces.begin(v, b, seenB);
            int calls = 1;
            while (!pieces.advance(3)) calls++;
            assertEquals(42, calls, "125 steps, 3 per call");
            assertFalse(pieces.collecting());
            assertArrayEquals(a.observations, b.observations);
            assertArrayEquals(a.actions, b.actions);
            assertArrayEquals(a.logProbs, b.logProbs);
            assertArrayEquals(a.rewards, b.rewards);
            assertArrayEquals(a.terminated, b.terminated);
            assertArrayEquals(a.truncated, b.truncated);
            assertArrayEquals(a.finalObservations, b.finalObservations);
            assertArrayEquals(a.nextObservations, b.nextObservations);
            assertEquals(a.episodeCount, b.episodeCount);
            assertArrayEquals(Arrays.copyOf(a.episodeReturns, a.episodeCount), Arrays.copyOf(b.episodeReturns, b.episodeCount));
            assertArrayEquals(seenA.observations, seenB.observations);
            assertArrayEquals(seenA.finalObservations, seenB.finalObservations);
            assertArrayEquals(seenA.nextObservations, seenB.nextObservations);
            assertArrayEquals(seenA.rewards, seenB.rewards);
        }
        assertTrue(a.episodeCount > 0, "an episode ended in the second fragment, so the truncation path ran");
    }

    @Test
    void aSecondFragmentCannotBeginWhileOneIsBeingCollected() {
        RolloutWorker w = worker();
        PolicyVersion v = new PolicyVersion(spec);
        w.begin(v, new TrajectoryFragment(2, 8, 3, 1), null);
        w.advance(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.begin(v, new TrajectoryFragment(2, 8, 3, 1), null));
        assertTrue(e.getMessage().contains("2 of 8 steps"), e.getMessage());
    }
}
