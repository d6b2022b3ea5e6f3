package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.protocol.PolicySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {

    @Test
    void ppoAndRpoResolveByNameWithCleanRlsDefaults() {
        assertEquals(List.of("ppo", "rpo", "trpo", "ppo-cma"), Algorithms.names());
        assertEquals(0.0, Algorithms.resolve("ppo").defaults("Pendulum-v1").rpoAlpha());
        assertEquals(0.5, Algorithms.resolve("rpo").defaults("Pendulum-v1").rpoAlpha());
        assertEquals(Hyperparameters.rpo("x"), Hyperparameters.defaults("rpo", "x"));
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "64").with("num-minibatches", "2");
        Algorithm a = Algorithms.resolve("rpo").create(hp, new ActorCriticNet(PolicySpec.cleanRl(3, 1)));
        assertEquals("rpo", a.name());
        assertInstanceOf(Ppo.class, a);
    }

    @Test
    void trpoResolvesByNameWithSb3ContribsDefaultsAndTheLearnerBuildsIt() {
        Hyperparameters hp = Hyperparameters.defaults("trpo", "Pendulum-v1").with("num-steps", "64");
        assertEquals("trpo", Algorithms.nameFor(hp));
        Algorithm a = Algorithms.resolve("trpo").create(hp, new ActorCriticNet(PolicySpec.cleanRl(3, 1)));
        assertEquals("trpo", a.name());
        assertInstanceOf(Trpo.class, a);
        // the learner's one-argument constructor (the pipeline's and the single-process trainer's) takes hp's algo
        assertEquals("trpo", new io.tributary.learner.Learner(hp, PolicySpec.cleanRl(3, 1)).algorithm().name());
    }

    @Test
    void anUnknownNameIsAnErrorListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Algorithms.resolve("sac"));
        assertTrue(e.getMessage().contains("'sac'") && e.getMessage().contains("[ppo, rpo, trpo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hyperparameters.defaults("sac", "x"));
        assertTrue(e.getMessage().contains("[ppo, rpo, trpo"), e.getMessage());
    }

    @Test
    void updateStatsNameTheirValuesAsCleanRlLogsThem() {
        UpdateStats s = new PpoStats(1, 2, 3, 4, 5, 6, 7, 8, 10, 0.5);
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        s.forEachMetric(m::put);
        assertEquals(PpoStats.CLEANRL_METRICS, List.copyOf(m.keySet()));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), List.copyOf(m.values()));
    }
}
