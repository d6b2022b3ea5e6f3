package io.tributary.learner;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.algo.Hyperparameters;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnerTest {

    private final Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-steps", "64")
            .with("num-minibatches", "4").with("total-timesteps", "6400");
    private final PolicySpec spec = PolicySpec.cleanRl(3, 1);

    private TrajectoryFragment fragment(long version, long hash) {
        TrajectoryFragment f = new TrajectoryFragment(1, 64, 3, 1);
        f.policyVersion = version;
        f.specHash = hash;
        for (int i = 0; i < f.rows(); i++) f.logProbs[i] = -1.4f;
        return f;
    }

    /** What the worker would have recorded for a fragment of {@link #fragment}'s shape. */
    private static PolicyInputs inputs() {
        PolicyInputs in = new PolicyInputs(1, 64, 3);
        for (int i = 0; i < in.observations.length; i++) in.observations[i] = (float) Math.sin(i);
        return in;
    }

    @Test
    void advancesTheVersionAndPublishesNewWeights() {
        Learner l = new Learner(hp, spec);
        float[] before = l.snapshot().weights;
        assertEquals(0, l.snapshot().version);
        l.learn(List.of(fragment(0, spec.hash())), List.of(inputs()));
        assertEquals(1, l.version());
        assertEquals(1, l.snapshot().version);
        assertFalse(java.util.Arrays.equals(before, l.snapshot().weights));
        assertEquals(spec.parameterCount(), l.parameters().length);
        // actors get the policy prefix only: the critic stays on the learner
        assertEquals(spec.policyParameterCount(), l.snapshot().weights.length);
    }

    @Test
    void rejectsFragmentsOfAnotherVersionSpecOrSize() {
        Learner l = new Learner(hp, spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.learn(List.of(fragment(3, spec.hash())), List.of(inputs())));
        assertTrue(e.getMessage().contains("version 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.learn(List.of(fragment(0, 42)), List.of(inputs())));
        assertTrue(e.getMessage().contains("spec hash"), e.getMessage());
        TrajectoryFragment shorter = new TrajectoryFragment(1, 32, 3, 1);
        shorter.specHash = spec.hash();
        e = assertThrows(IllegalArgumentException.class, () -> l.learn(List.of(shorter), List.of(new PolicyInputs(1, 32, 3))));
        assertTrue(e.getMessage().contains("num-steps 64"), e.getMessage());
        assertEquals(0, l.version());
    }

    /**
     * A batch of another size than configured (a lost actor's fragment missing, a joined actor's extra one): the update
     * runs with CleanRL's number of minibatches, so each minibatch holds batch / num-minibatches rows.
     */
    @Test
    void aBatchLargerOrSmallerThanConfiguredKeepsTheNumberOfMinibatches() {
        Hyperparameters four = Hyperparameters.rpo("Pendulum-v1").with("num-steps", "64").with("num-envs", "4")
                .with("num-minibatches", "4").with("update-epochs", "2").with("total-timesteps", "25600");
        Learner l = new Learner(four, spec);
        l.ownNormalization();
        io.tributary.learner.algo.Ppo ppo = (io.tributary.learner.algo.Ppo) l.algorithm();
        for (int actors : new int[] {4, 3, 1, 6}) {
            java.util.List<TrajectoryFragment> batch = new java.util.ArrayList<>();
            for (int a = 0; a < actors; a++) {
                TrajectoryFragment f = fragment(l.version(), spec.hash());
                f.actorId = a;
                for (int i = 0; i < f.observations.length; i++) f.observations[i] = (float) Math.sin(i + a);
                for (int i = 0; i < f.nextObservations.length; i++) f.nextObservations[i] = 0.5f;
                batch.add(f);
            }
            long stepsBefore = l.algorithm().state().optimizer("adam").step();
            var stats = l.learn(batch);
            long adamSteps = l.algorithm().state().optimizer("adam").step() - stepsBefore;
            assertEquals(2 * 4, adamSteps, actors + " fragments: 4 minibatches per epoch, 2 epochs");
            assertEquals(4, ppo.minibatchRanges(actors * 64).length);
            assertEquals(actors * 64 / 4, ppo.minibatchRanges(actors * 64)[0][1], "minibatch size follows the batch");
            assertTrue(Double.isFinite(stats.metric("losses/value_loss")), actors + " fragments: " + stats);
        }
        assertEquals((4 + 3 + 1 + 6) * 64, l.globalStep(), "the global step counts the rows learned");
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(new Learner(hp, spec).parameters(), new Learner(hp, spec).parameters());
    }
}
