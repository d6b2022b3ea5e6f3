package io.tributary.envs.dmc.quadruped;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** quadruped's own machinery: the per-task models, the terrain, the height search, the sensors' scaling, errors. */
class QuadrupedTest {

    private static DmControlEnv env(String task) {
        return new DmControlEnv(DmSuite.spec("dm_control/quadruped-" + task + "-v0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"walk, 10, 18, 20, 12, 78", "run, 100, 18, 20, 12, 78", "escape, 40, 18, 21, 32, 101",
            "fetch, 15, 19, 25, 12, 90"})
    void eachTaskKeepsOnlyItsPartsOfTheModel(String task, double floor, int nbody, int ngeom, int nsensor, int obs) {
        try (Env env = EnvRegistry.make("dm_control/quadruped-" + task + "-v0");
             DmControlEnv dmc = env(task)) {
            Physics p = dmc.physics();
            assertEquals(floor, p.geomSize(p.geomId("floor"), 0), 0.0, "floor half-size");
            assertEquals(nbody, p.mjModel().size("nbody"), "bodies");
            assertEquals(ngeom, p.mjModel().size("ngeom"), "geoms");
            assertEquals(nsensor, p.mjModel().size("nsensor"), "sensors (rangefinders only in escape)");
            assertEquals(29 + ("fetch".equals(task) ? 1 : 0), p.mjModel().size("nsite"), "sites (rangefinder sites always stay)");
            assertEquals("escape".equals(task), p.mjModel().id(io.tributary.envs.mujoco.MjObj.GEOM, "terrain") >= 0, "terrain geom");
            assertEquals(obs, env.observationSpace().size(), "observation size");
            assertEquals(12, env.actionSpace().size(), "action size");
            for (int leg = 0; leg < 4; leg++) {
                assertEquals(-1.0, env.actionSpace().low(3 * leg), 0.0, "yaw low");
                assertEquals(1.0, env.actionSpace().high(3 * leg), 0.0, "yaw high");
                assertEquals(-1.0, env.actionSpace().low(3 * leg + 1), 0.0, "lift low");
                assertEquals(1.1, env.actionSpace().high(3 * leg + 1), 0.0, "lift high");
                assertEquals(-0.8, env.actionSpace().low(3 * leg + 2), 0.0, "extend low");
                assertEquals(0.8, env.actionSpace().high(3 * leg + 2), 0.0, "extend high");
            }
        }
        if ("fetch".equals(task)) {
            try (DmControlEnv dmc = env(task)) {
                Physics p = dmc.physics();
                assertEquals(14.137166941154069, p.model("body_mass").get(p.bodyId("ball")), 1e-12, "ball mass (default density)");
            }
        }
    }

    @Test
    void theBumpsAreZoomedAsScipyZoomsThem() {
        // scipy 1.17.1: ndimage.zoom(RandomState(0).uniform(0.15, 1, (30, 30)), 201 / 30.) at these flat indices
        int[] idx = {0, 1, 200, 201, 5000, 10100, 20100, 20200, 33333, 40400};
        double[] expected = {0.6164914783382262, 0.6235082608541967, 0.5024626489919453, 0.6071978203143052,
                0.5869735838291045, 0.4032733937911029, 0.7944570709256656, 0.30414718828717086, 0.46403166119485684,
                0.5041879933724044};
        double[] bumps = new double[30 * 30];
        new RandomState(0).uniform(0.15, 1, bumps);
        double[] out = new double[201 * 201];
        new SplineZoom(30, 201).zoom(bumps, out);
        for (int i = 0; i < idx.length; i++) assertEquals(expected[i], out[idx[i]], 0.0, "zoomed value at " + idx[i]);
        // corner-aligned: the corners are the input's corners, exactly interpolated through the spline
        assertEquals(bumps[0], out[0], 1e-15);
        assertEquals(bumps[899], out[201 * 201 - 1], 1e-15);
    }

    @Test
    void escapeDrawsANewTerrainAtEveryResetIntoTheHeightfield() {
        try (DmControlEnv env = env("escape")) {
            MjArray h = env.physics().model("hfield_data");
            env.reset(0);
            // numpy/scipy for RandomState(0): bowl * zoom(bumps) as float32, at a few flat indices, and the total
            int[] idx = {0, 10100, 20200, 33333};
            double[] expected = {0.0, 0.2553235590457916, 0.00477767176926136, 0.01592404954135418};
            for (int i = 0; i < idx.length; i++) assertEquals(expected[i], h.get(idx[i]), 0.0, "height at " + idx[i]);
            double[] seed0 = h.toArray();
            double sum = 0;
            for (double v : seed0) sum += v;
            assertEquals(8895.818278442268, sum, 1e-9);
            env.reset(1);
            assertFalse(java.util.Arrays.equals(seed0, h.toArray()), "a new seed draws new bumps");
            env.reset(0);
            assertArrayEquals(seed0, h.toArray(), 0.0, "the same seed draws the same terrain");
            env.reset();
            assertFalse(java.util.Arrays.equals(seed0, h.toArray()), "an unseeded reset continues the stream");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"walk", "escape", "fetch"})
    void everyStartIsTheLowestContactFreeHeightOnAOnceCentimetreLadder(String task) {
        try (DmControlEnv env = env(task)) {
            Physics p = env.physics();
            int raised = 0;
            for (int seed = 0; seed < 6; seed++) {
                env.reset(seed);
                assertEquals(0, p.ncon(), "contact-free start, seed " + seed);
                double[] qpos = p.data("qpos").toArray();
                // z is 0.01 added k times, as the suite's loop adds it
                double z = 0;
                int k = 0;
                while (z < qpos[2]) {
                    z += Quadruped.HEIGHT_STEP;
                    k++;
                }
                assertEquals(z, qpos[2], 0.0, "z on the 1 cm ladder, seed " + seed);
                if (k == 0) continue;
                raised++;
                // one rung lower touches (the torso pose only: the ball is placed after the search)
                p.resetData();
                for (int i = 0; i < 7; i++) p.setQpos(i, qpos[i]);
                p.setQpos(2, z - Quadruped.HEIGHT_STEP);
                p.forwardWithoutActuation();
                assertTrue(p.ncon() > 0, "one rung lower must touch, seed " + seed);
            }
            assertTrue(raised > 0, "no seed needed raising");
        }
    }

    @Test
    void fetchPlacesTheBallInTheArenaAndThrowsItHorizontally() {
        try (DmControlEnv env = env("fetch")) {
            Physics p = env.physics();
            int ball = p.jointQposAdr(p.jointId("ball_root"));
            int ballDof = p.jointDofAdr(p.jointId("ball_root"));
            for (int seed = 0; seed < 5; seed++) {
                env.reset(seed);
                RandomState r = new RandomState(seed);
                double azimuth = r.uniform(0, 2 * Math.PI);
                double[] xy = new double[2];
                r.uniform(-13.5, 13.5, xy);
                assertEquals(xy[0], p.qpos(0), 0.0, "torso x");
                assertEquals(xy[1], p.qpos(1), 0.0, "torso y");
                assertEquals(Math.cos(azimuth / 2), p.qpos(3), 1e-15, "yaw-only orientation w");
                assertEquals(0.0, p.qpos(4), 0.0);
                assertEquals(0.0, p.qpos(5), 0.0);
                r.uniform(-13.5, 13.5, xy);
                assertEquals(xy[0], p.qpos(ball), 0.0, "ball x");
                assertEquals(xy[1], p.qpos(ball + 1), 0.0, "ball y");
                assertEquals(2.0, p.qpos(ball + 2), 0.0, "ball z");
                double[] v = new double[2];
                r.randn(v);
                assertEquals(5 * v[0], p.qvel(ballDof), 0.0, "ball vx");
                assertEquals(5 * v[1], p.qvel(ballDof + 1), 0.0, "ball vy");
                assertEquals(0.0, p.qvel(ballDof + 2), 0.0, "ball vz");
            }
        }
    }

    @Test
    void aDivergingCopyEndsItsEpisodeWithTheFlagAndTheCounter() {
        try (DmControlEnv env = env("walk")) {
            double[] obs = env.reset(0);
            double[] reward = new double[1];
            double[] action = new double[12];
            assertFalse(env.stepInto(action, 0, obs, 0, reward, 0));
            env.physics().setQvel(0, Double.NaN);
            assertTrue(env.stepInto(action, 0, obs, 0, reward, 0), "the episode ends");
            assertTrue(env.lastStepPhysicsError());
            assertEquals(1, env.physicsErrors());
            assertEquals(0.0, reward[0], 0.0);
            for (double v : obs) assertTrue(Double.isFinite(v), "non-finite entries are zeroed");
            env.reset(1);
            assertFalse(env.stepInto(action, 0, obs, 0, reward, 0), "a reset copy steps on");
            assertFalse(env.lastStepPhysicsError());
            assertEquals(1, env.physicsErrors());
        }
    }

    @Test
    void forceTorqueScalingIsArcsinhForTinyAndLargeReadings() {
        double[][] cases = {{1e-15, 1e-15}, {-3e-9, -3e-9}, {0.5, 0.48121182505960347}, {1.0, 0.881373587019543},
                {-1000.0, -7.600902709541988}, {25000.0, 10.819778284810283}, {1e10, 23.7189981105004},
                {-1e200, -461.2101657793691}, {0.0, 0.0}};
        for (double[] c : cases) assertEquals(c[1], Quadruped.asinh(c[0]), Math.ulp(c[1]) * 2, "asinh(" + c[0] + ")");
    }

    @Test
    void escapeRangefindersReadOneWhereNothingIsHit() {
        try (DmControlEnv env = env("escape")) {
            double[] obs = env.reset(0);
            // keys: egocentric_state 44, force_torque 24, imu 6, origin 3, rangefinder 20, torso_upright 1, ...
            int rf = 44 + 24 + 6 + 3;
            for (int i = 0; i < 20; i++) {
                double v = obs[rf + i];
                assertTrue(v > -1 && v <= 1, "rangefinder " + i + " in (-1, 1]: " + v);
            }
            env.physics().setQpos(2, 1e4); // far above the terrain, the rays that point up or ahead hit nothing
            env.physics().setQpos(3, 1);
            for (int k = 4; k < 7; k++) env.physics().setQpos(k, 0);
            env.physics().forwardWithoutActuation();
            env.task().observation(env.physics(), obs, 0);
            boolean anyMiss = false;
            for (int i = 0; i < 20; i++) anyMiss |= obs[rf + i] == 1.0;
            assertTrue(anyMiss, "a ray that hits nothing reads -1, observed as 1");
            assertNotEquals(0.0, obs[44 + 24 + 6 + 2], "origin in the torso frame");
        }
    }
}
