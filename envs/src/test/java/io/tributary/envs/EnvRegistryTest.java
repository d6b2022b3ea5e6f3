package io.tributary.envs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.classic.ContinuousMountainCarEnv;
import io.tributary.envs.classic.PendulumEnv;
import io.tributary.envs.wrappers.EnvWrapper;
import io.tributary.envs.wrappers.TimeLimit;
import org.junit.jupiter.api.Test;

class EnvRegistryTest {

    @Test
    void classicControlIdsAreRegisteredWithGymnasiumSpacesAndTimeLimits() {
        assertTrue(EnvRegistry.ids().contains("Pendulum-v1"));
        assertTrue(EnvRegistry.ids().contains("MountainCarContinuous-v0"));
        Env p = EnvRegistry.make("Pendulum-v1");
        assertEquals("Pendulum-v1", p.id());
        assertArrayEquals(new double[] {-1, -1, -8}, p.observationSpace().low(), 0.0);
        assertArrayEquals(new double[] {2}, p.actionSpace().high(), 0.0);
        assertEquals(200, EnvWrapper.find(p, TimeLimit.class).maxEpisodeSteps());
        assertTrue(p.unwrapped() instanceof PendulumEnv);

        Env m = EnvRegistry.make("MountainCarContinuous-v0");
        assertEquals(999, EnvWrapper.find(m, TimeLimit.class).maxEpisodeSteps());
        assertTrue(m.unwrapped() instanceof ContinuousMountainCarEnv);
        // Gymnasium's float32 bounds: -0.07 as float32 is not -0.07.
        assertEquals((double) (float) -0.07, m.observationSpace().low(1), 0.0);
    }

    @Test
    void unknownIdNamesItAndListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.make("Pendulum-v0"));
        assertTrue(e.getMessage().contains("'Pendulum-v0'"), e.getMessage());
        assertTrue(e.getMessage().contains("Pendulum-v1") && e.getMessage().contains("MountainCarContinuous-v0"), e.getMessage());
    }

    @Test
    void badActionsGetClearErrors() {
        Env env = EnvRegistry.make("Pendulum-v1");
        env.reset(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {0.1, 0.2}));
        assertTrue(e.getMessage().contains("Pendulum-v1") && e.getMessage().contains("2 elements") && e.getMessage().contains("needs 1"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {Double.NaN}));
        assertTrue(e.getMessage().contains("action[0] is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> env.step(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        // The env is unharmed by rejected actions.
        assertFalse(env.step(new double[] {0}).done());
    }

    @Test
    void stepBeforeResetAndNegativeSeedAreErrors() {
        Env env = EnvRegistry.make("MountainCarContinuous-v0");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(new double[] {0}));
        assertTrue(e.getMessage().contains("before reset"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> env.reset(-1));
        assertTrue(s.getMessage().contains("seed") && s.getMessage().contains("-1"), s.getMessage());
    }

    @Test
    void seedingIsReproducibleAndUnseededResetWorks() {
        Env a = EnvRegistry.make("Pendulum-v1");
        Env b = EnvRegistry.make("Pendulum-v1");
        assertArrayEquals(a.reset(123), b.reset(123), 0.0);
        assertArrayEquals(a.reset(), b.reset(), 0.0, "reset() continues the same generator");
        Env c = EnvRegistry.make("Pendulum-v1");
        double[] o = c.reset();
        assertEquals(3, o.length);
        assertTrue(Math.abs(o[0] * o[0] + o[1] * o[1] - 1) < 1e-6);
    }
}
