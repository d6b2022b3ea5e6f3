package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class HyperparametersTest {

    @Test
    void defaultsAreCleanRls() {
        Hyperparameters h = Hyperparameters.rpo("Pendulum-v1").validate();
        assertEquals(3e-4, h.learningRate());
        assertEquals(2048, h.batchSize());
        assertEquals(64, h.minibatchSize());
        assertEquals(0.5, h.rpoAlpha());
        assertEquals(0.0, Hyperparameters.ppo("Pendulum-v1").rpoAlpha());
        assertEquals(488, h.with("total-timesteps", "1000000").numIterations());
        assertFalse(h.hasTargetKl());
        assertFalse(h.bootstrapTruncated());
    }

    @Test
    void badValuesNameTheKeyAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.rpo("Pendulum-v1").with("gamma", "1.5").validate());
        assertTrue(e.getMessage().contains("--gamma") && e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hyperparameters.rpo("x").with("num-minibatch", "3"));
        assertTrue(e.getMessage().contains("unknown option --num-minibatch") && e.getMessage().contains("--num-minibatches"));
        e = assertThrows(IllegalArgumentException.class, () -> Hyperparameters.rpo("x").with("norm-adv", "maybe"));
        assertTrue(e.getMessage().contains("--norm-adv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Hyperparameters.rpo("x").with("num-minibatches", "4096").validate());
        assertTrue(e.getMessage().contains("--num-minibatches"), e.getMessage());
        assertEquals(0.01, Hyperparameters.rpo("x").with("target-kl", "0.01").targetKl());
    }
}
