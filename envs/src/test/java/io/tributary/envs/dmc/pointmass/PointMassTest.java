package io.tributary.envs.dmc.pointmass;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PointMassTest {

    @Test
    void hardRedrawsNonParallelUnitTendonDirectionsEveryEpisode() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/point_mass-hard-v0"))) {
            env.reset(3);
            double[] previous = null;
            for (int episode = 0; episode < 50; episode++) {
                env.reset();
                double[] w = env.physics().model("wrap_prm").toArray();
                assertEquals(1.0, Math.hypot(w[0], w[1]), 1e-12, "t1 direction is a unit vector");
                assertEquals(1.0, Math.hypot(w[2], w[3]), 1e-12, "t2 direction is a unit vector");
                assertTrue(Math.abs(w[0] * w[2] + w[1] * w[3]) <= 0.9, "tendon directions nearly parallel");
                if (previous != null) assertNotEquals(previous[0], w[0], "directions re-drawn at reset");
                previous = w;
            }
        }
    }

    @Test
    void easyKeepsAxisAlignedTendons() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/point_mass-easy-v0"))) {
            for (int seed = 0; seed < 5; seed++) {
                env.reset(seed);
                assertArrayEquals(new double[] {1, 0, 0, 1}, env.physics().model("wrap_prm").toArray(), 0.0);
            }
        }
    }

    /** The first actuator pushes the mass along the episode's first tendon direction (isotropic mass and damping). */
    @Test
    void firstActuatorPushesAlongTheDrawnDirection() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/point_mass-hard-v0"))) {
            for (int seed = 0; seed < 10; seed++) {
                double[] obs = env.reset(seed);
                double[] w = env.physics().model("wrap_prm").toArray();
                obs = env.step(new double[] {1, 0}).observation();
                // obs = position (2), velocity (2); from rest, velocity after one step is parallel to (w0, w1)
                double vx = obs[2], vy = obs[3];
                assertEquals(0.0, vx * w[1] - vy * w[0], 1e-12, "velocity parallel to t1's direction, seed " + seed);
                assertTrue(vx * w[0] + vy * w[1] > 0, "pushed forwards along t1");
            }
        }
    }
}
