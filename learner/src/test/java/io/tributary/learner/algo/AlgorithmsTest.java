package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.protocol.PolicySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {

    @Test
    void ppoAndRpoResolveByNameWithCleanRlsDefaults() {
        assertEquals(List.of("ppo", "rpo"), Algorithms.names());
        assertEquals(0.0, Algorithms.resolve("ppo").defaults("Pendulum-v1").rpoAlpha());
        assertEquals(0.5, Algorithms.resolve("rpo").defaults("Pendulum-v1").rpoAlpha());
        assertEquals(Hyperparameters.rpo("x"), Hyperparameters.defaults("rpo", "x"));
        Hyperparameters hp = Hyperparameters.rpo("x").with("num-steps", "64").with("num-minibatches", "2");
        Algorithm a = Algorithms.resolve("rpo").create(hp, new ActorCriticNet(PolicySpec.cleanRl(3, 1)));
        assertEquals("rpo", a.name());
        assertInstanceOf(Ppo.class, a);
    }

    @Test
    void anUnknownNameIsAnErrorListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Algorithms.resolve("trpo"));
        assertTrue(e.getMessage().contains("'trpo'") && e.getMessage().contains("[ppo, rpo]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hyperparameters.defaults("sac", "x"));
        assertTrue(e.getMessage().contains("[ppo, rpo]"), e.getMessage());
    }

    @Test
    void updateStatsNameTheirValuesAsCleanRlLogsThem() {
        UpdateStats s = new UpdateStats(1, 2, 3, 4, 5, 6, 7, 8, 10, 0.5);
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        s.forEachMetric(m::put);
        assertEquals(UpdateStats.CLEANRL_METRICS, List.copyOf(m.keySet()));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), List.copyOf(m.values()));
    }
}
