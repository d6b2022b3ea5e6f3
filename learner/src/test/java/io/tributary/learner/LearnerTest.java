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
        e = assertThrows(IllegalArgumentException.class,
                () -> l.learn(List.of(fragment(0, spec.hash()), fragment(0, spec.hash())), List.of(inputs(), inputs())));
        assertTrue(e.getMessage().contains("128 rows"), e.getMessage());
        assertEquals(0, l.version());
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(new Learner(hp, spec).parameters(), new Learner(hp, spec).parameters());
    }
}
