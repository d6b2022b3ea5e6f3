package io.tributary.envs.dmc;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** point_mass, reacher, finger and ball_in_cup through the registry, as a user makes them: spaces and episode length. */
class RegisteredDomainsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "dm_control/point_mass-easy-v0, 4", "dm_control/point_mass-hard-v0, 4",
            "dm_control/reacher-easy-v0, 6", "dm_control/reacher-hard-v0, 6",
            "dm_control/finger-spin-v0, 9", "dm_control/finger-turn_easy-v0, 12", "dm_control/finger-turn_hard-v0, 12",
            "dm_control/ball_in_cup-catch-v0, 8"})
    void thousandStepEpisodesThatTruncate(String id, int obsSize) {
        assertTrue(EnvRegistry.ids().contains(id), id + " registered");
        try (Env env = EnvRegistry.make(id)) {
            assertEquals(obsSize, env.observationSpace().size(), "observation size");
            assertEquals(2, env.actionSpace().size(), "action size");
            assertEquals(-1.0, env.actionSpace().low(0), 0.0);
            assertEquals(1.0, env.actionSpace().high(1), 0.0);
            double[] obs = env.reset(0);
            assertEquals(obsSize, obs.length);
            double[] action = new double[2];
            for (int t = 1; t <= 1000; t++) {
                action[0] = Math.sin(0.05 * t);
                action[1] = Math.cos(0.03 * t);
                Step s = env.step(action);
                assertFalse(s.terminated(), "suite tasks never terminate");
                assertEquals(t == 1000, s.truncated(), "truncated exactly at step 1000, t=" + t);
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "reward in [0, 1]: " + s.reward());
                for (double v : s.observation()) assertTrue(Double.isFinite(v), "finite observation at t=" + t);
            }
        }
    }
}
