package io.tributary.learner.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.Learner;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.protocol.PolicySpec;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.TrajectoryFragment;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A learner restored from a checkpoint continues exactly as the one that wrote it: train K updates, checkpoint,
 * train K more; a fresh learner restored from the checkpoint's bytes trains the same K and ends with identical
 * parameters, bit for bit (Adam's moments and step, the shuffle/noise generator, the schedule position all
 * restored; anything missing changes the bits).
 */
class LearnerCheckpointTest {

    private static final int K = 3;
    private final PolicySpec spec = PolicySpec.cleanRl(3, 1);

    private Hyperparameters hp(String algo) {
        return Hyperparameters.defaults(algo, "Pendulum-v1").with("num-envs", "2").with("num-steps", "32")
                .with("num-minibatches", "4").with("update-epochs", "3").with("total-timesteps", "640");
    }

    /** A fragment and its policy inputs whose content depends on the version only, so both learners see the same data. */
    private record Collected(TrajectoryFragment fragment, PolicyInputs inputs) {}

    private Collected collected(long version) {
        TrajectoryFragment f = new TrajectoryFragment(2, 32, 3, 1);
        PolicyInputs in = PolicyInputs.like(f);
        SplittableRandom r = new SplittableRandom(1000 + version);
        f.policyVersion = version;
        f.specHash = spec.hash();
        for (int i = 0; i < in.observations.length; i++) in.observations[i] = (float) r.nextGaussian();
        for (int i = 0; i < in.nextObservations.length; i++) in.nextObservations[i] = (float) r.nextGaussian();
        for (int i = 0; i < f.rows(); i++) {
            f.actions[i] = (float) r.nextGaussian();
            f.logProbs[i] = (float) (-1.4 + 0.2 * r.nextGaussian());
            in.rewards[i] = (float) r.nextGaussian();
            f.terminated[i] = r.nextInt(20) == 0;
        }
        return new Collected(f, in);
    }

    private void train(Learner l, int updates) {
        for (int i = 0; i < updates; i++) {
            Collected c = collected(l.version());
            l.learn(List.of(c.fragment()), List.of(c.inputs()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rpo", "ppo", "trpo"})
    void aRestoredLearnerContinuesBitForBit(String algo) {
        Learner original = new Learner(algo, hp(algo), spec);
        train(original, K);
        byte[] checkpoint = TrainingStateCodec.encode(original.checkpoint());
        train(original, K);

        Learner resumed = new Learner(algo, hp(algo), spec);
        resumed.restore(TrainingStateCodec.decode(checkpoint));
        assertEquals(K, resumed.version());
        assertEquals(K, resumed.iteration());
        assertEquals(K * 64L, resumed.globalStep());
        train(resumed, K);

        assertEquals(original.version(), resumed.version());
        assertEquals(original.globalStep(), resumed.globalStep());
        assertArrayEquals(bits(original.parameters()), bits(resumed.parameters()));
        assertArrayEquals(TrainingStateCodec.encode(original.checkpoint()), TrainingStateCodec.encode(resumed.checkpoint()));
    }

    @Test
    void withoutTheOptimizerAndGeneratorStateTheRunWouldDiverge() {
        // the test above can fail: restoring the parameters and counters alone gives other bits
        Learner original = new Learner("rpo", hp("rpo"), spec);
        train(original, K);
        TrainingState s = original.checkpoint();
        train(original, K);
        Learner partial = new Learner("rpo", hp("rpo"), spec);
        Learner donor = new Learner("rpo", hp("rpo"), spec);
        partial.restore(new TrainingState(s.algorithm(), s.specHash(), s.hyperparameters(), s.version(), s.iteration(), s.globalStep(),
                s.parameters(), donor.checkpoint().algorithmState(), s.normalization()));
        train(partial, K);
        assertFalse(java.util.Arrays.equals(bits(original.parameters()), bits(partial.parameters())));
    }

    @Test
    void aCheckpointOfAnotherAlgorithmOrSpecIsRefusedByName() {
        TrainingState rpo = new Learner("rpo", hp("rpo"), spec).checkpoint();
        Learner ppo = new Learner("ppo", hp("ppo"), spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ppo.restore(rpo));
        assertTrue(e.getMessage().contains("'rpo'") && e.getMessage().contains("'ppo'"), e.getMessage());
        Learner other = new Learner("rpo", hp("rpo"), PolicySpec.cleanRl(4, 1));
        e = assertThrows(IllegalArgumentException.class, () -> other.restore(rpo));
        assertTrue(e.getMessage().contains("spec hash"), e.getMessage());
        assertEquals(0, other.version());
        Learner faster = new Learner("rpo", hp("rpo").with("learning-rate", "1e-3"), spec);
        e = assertThrows(IllegalArgumentException.class, () -> faster.restore(rpo));
        assertTrue(e.getMessage().contains("--learning-rate 3.0E-4 (this learner: 0.001)"), e.getMessage());
    }

    @Test
    void aLearnerOwningTheNormalizationSaysItsStatisticsAreNotCheckpointableYet() {
        Learner l = new Learner("rpo", hp("rpo"), spec);
        l.ownNormalization();
        IllegalStateException e = assertThrows(IllegalStateException.class, l::checkpoint);
        assertTrue(e.getMessage().contains("normalization"), e.getMessage());
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
