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
 * parameters, bit for bit (Adam's moments and step, the shuffle/noise generator, the schedule position and, in
 * frozen mode, the learner-owned normalization statistics all restored; anything missing changes the bits).
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

    /**
     * Frozen mode: raw fragments of actors 0 and 3 (one env copy each, so the return trackers grow with a gap), whose
     * content depends on the version only. Raw observations far from mean 0 / var 1, rewards of Pendulum's scale and
     * some truncated rows with final observations, so that every statistic moves.
     */
    private List<TrajectoryFragment> raw(long version) {
        SplittableRandom r = new SplittableRandom(5000 + version);
        List<TrajectoryFragment> fragments = new java.util.ArrayList<>();
        for (int actor : new int[] {0, 3}) {
            TrajectoryFragment f = new TrajectoryFragment(1, 32, 3, 1);
            f.actorId = actor;
            f.policyVersion = version;
            f.specHash = spec.hash();
            for (int i = 0; i < f.observations.length; i++) f.observations[i] = (float) (2 + 3 * r.nextGaussian());
            for (int i = 0; i < f.nextObservations.length; i++) f.nextObservations[i] = (float) (2 + 3 * r.nextGaussian());
            for (int i = 0; i < f.rows(); i++) {
                f.actions[i] = (float) r.nextGaussian();
                f.logProbs[i] = (float) (-1.4 + 0.2 * r.nextGaussian());
                f.rewards[i] = (float) (-8 * r.nextDouble());
                f.terminated[i] = r.nextInt(25) == 0;
                f.truncated[i] = !f.terminated[i] && r.nextInt(25) == 0;
                if (f.truncated[i]) for (int k = 0; k < 3; k++) f.finalObservations[i * 3 + k] = (float) (2 + 3 * r.nextGaussian());
            }
            fragments.add(f);
        }
        return fragments;
    }

    private Learner owning(String algo) {
        Learner l = new Learner(algo, hp(algo), spec);
        l.ownNormalization();
        return l;
    }

    private void trainRaw(Learner l, int updates) {
        for (int i = 0; i < updates; i++) l.learn(raw(l.version()));
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rpo", "ppo"})
    void aRestoredLearnerOwningTheNormalizationContinuesBitForBit(String algo) {
        Learner original = owning(algo);
        trainRaw(original, K);
        byte[] checkpoint = TrainingStateCodec.encode(original.checkpoint());
        trainRaw(original, K);

        Learner resumed = owning(algo);
        resumed.restore(TrainingStateCodec.decode(checkpoint));
        trainRaw(resumed, K);

        assertArrayEquals(bits(original.parameters()), bits(resumed.parameters()));
        NormalizationState a = original.normalization().state();
        NormalizationState b = resumed.normalization().state();
        assertEquals(a.observations().count(), b.observations().count());
        assertArrayEquals(a.observations().mean(), b.observations().mean());
        assertArrayEquals(a.observations().var(), b.observations().var());
        assertArrayEquals(a.rewards().stats().var(), b.rewards().stats().var());
        assertArrayEquals(a.rewards().returns(), b.rewards().returns());
        assertEquals(4, a.rewards().returns().length, "copies 0..3: actor 3's single env copy is copy 3");
        assertArrayEquals(original.snapshot().obsMean, resumed.snapshot().obsMean, "the next version goes out with the same statistics");
        assertArrayEquals(TrainingStateCodec.encode(original.checkpoint()), TrainingStateCodec.encode(resumed.checkpoint()));
    }

    @Test
    void withoutTheNormalizationStatisticsAFrozenModeRunWouldDiverge() {
        // the test above can fail: everything but the statistics restored gives other bits
        Learner original = owning("rpo");
        trainRaw(original, K);
        TrainingState s = original.checkpoint();
        trainRaw(original, K);
        Learner partial = owning("rpo");
        partial.restore(new TrainingState(s.algorithm(), s.specHash(), s.hyperparameters(), s.version(), s.iteration(), s.globalStep(),
                s.parameters(), s.algorithmState(), owning("rpo").checkpoint().normalization()));
        trainRaw(partial, K);
        assertFalse(java.util.Arrays.equals(bits(original.parameters()), bits(partial.parameters())));
    }

    @Test
    void aCheckpointOfTheOtherNormalizationModeIsRefusedAndChangesNothing() {
        Learner frozen = owning("rpo");
        trainRaw(frozen, 1);
        TrainingState withStatistics = frozen.checkpoint();
        Learner cleanRl = new Learner("rpo", hp("rpo"), spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cleanRl.restore(withStatistics));
        assertTrue(e.getMessage().contains("ownNormalization()"), e.getMessage());
        assertEquals(0, cleanRl.version());

        Learner owning = owning("rpo");
        e = assertThrows(IllegalArgumentException.class, () -> owning.restore(cleanRl.checkpoint()));
        assertTrue(e.getMessage().contains("holds no normalization statistics"), e.getMessage());
        assertEquals(0, owning.version());
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
