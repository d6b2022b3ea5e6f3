package io.tributary.envs.dmc.hopper;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HopperTest {

    private static DmControlEnv env(String task) {
        return new DmControlEnv(DmSuite.spec("dm_control/hopper-" + task + "-v0"));
    }

    /** rootx and rootz (unlimited slides) keep 0; the torso pitch is U(-pi, pi); waist, hip, knee, ankle U(range). */
    @Test
    void resetPitchesTheTorsoAtRandomAndDrawsEachLegJointInItsRange() {
        try (DmControlEnv env = env("hop")) {
            Physics p = env.physics();
            for (long seed = 0; seed < 5; seed++) {
                env.reset(seed);
                RandomState replay = new RandomState(seed);
                assertEquals(0.0, p.qpos(0), 0.0, "rootx");
                assertEquals(0.0, p.qpos(1), 0.0, "rootz");
                assertEquals(replay.uniform(-Math.PI, Math.PI), p.qpos(2), 0.0, "rooty");
                for (int j = 3; j < 7; j++) {
                    assertEquals(replay.uniform(p.jointRangeLow(j), p.jointRangeHigh(j)), p.qpos(j), 0.0, "joint " + j);
                }
                assertEquals(replay.randomSample(), env.random().randomSample(), 0.0, "five draws, seed " + seed);
            }
        }
    }

    /**
     * With the knee bent to 95 degrees the body origins are under 0.6 m apart but the centres of mass over: the
     * standing indicator uses the centres of mass, so the hopper counts as standing.
     */
    @Test
    void standingIsMeasuredBetweenCentresOfMassNotBodyOrigins() {
        try (DmControlEnv env = env("stand")) {
            env.reset(0);
            Physics p = env.physics();
            pose(p, Math.toRadians(95));
            int torso = p.bodyId("torso"), foot = p.bodyId("foot");
            assertTrue(p.xpos(torso, 2) - p.xpos(foot, 2) < 0.6, "origins closer than 0.6 m");
            assertTrue(p.xipos(torso, 2) - p.xipos(foot, 2) >= 0.6, "centres of mass at least 0.6 m apart");
            assertEquals(1.0, env.task().reward(p), 1e-12);
            pose(p, Math.toRadians(140)); // folded: not standing, whatever the control
            assertEquals(0.0, env.task().reward(p), 0.0);
        }
    }

    /** stand: (mean of 1 - u^2 over the raw actions, 0 for |u| >= 1, + 4) / 5; MuJoCo's clamping does not apply. */
    @Test
    void standRewardPenalisesTheRawUnclippedActions() {
        try (DmControlEnv env = env("stand")) {
            env.reset(0);
            Physics p = env.physics();
            pose(p, Math.toRadians(5));
            double[][] cases = {{0, 0, 0, 0, 1}, {0.5, 0.5, 0.5, 0.5, 0.95}, {2, -3, 1, 0, (0.25 + 4) / 5}};
            for (double[] c : cases) {
                for (int i = 0; i < 4; i++) p.setCtrl(i, c[i]);
                assertEquals(c[4], env.task().reward(p), 1e-12);
            }
        }
    }

    @Test
    void hopRewardIsForwardSpeedOverTwoWhileStanding() {
        try (DmControlEnv env = env("hop")) {
            env.reset(0);
            Physics p = env.physics();
            double[][] cases = {{0, 0}, {1, 0.5}, {1.5, 0.75}, {3, 1}, {-1, 0}};
            for (double[] c : cases) {
                pose(p, Math.toRadians(5));
                p.setQvel(0, c[0]);
                p.forwardWithoutActuation();
                assertEquals(c[1], env.task().reward(p), 1e-12, "speed " + c[0]);
            }
        }
    }

    /** Sorted keys: position (6, qpos without rootx), touch (2, log1p of toe and heel), velocity (7). */
    @Test
    void touchObservationsAreLogOnePlusTheFootSensors() {
        try (DmControlEnv env = env("hop")) {
            env.reset(0);
            Physics p = env.physics();
            pose(p, Math.toRadians(5));
            p.setQpos(1, -0.12); // the foot pressed into the floor
            p.forwardWithoutActuation();
            double[] obs = new double[15];
            env.task().observation(p, obs, 0);
            int toe = p.sensorAdr(p.sensorId("touch_toe")), heel = p.sensorAdr(p.sensorId("touch_heel"));
            assertTrue(p.sensordata(toe) > 0 && p.sensordata(heel) > 0, "both ends touch the floor");
            assertEquals(Math.log1p(p.sensordata(toe)), obs[6], 0.0);
            assertEquals(Math.log1p(p.sensordata(heel)), obs[7], 0.0);
            assertEquals(-0.12, obs[0], 0.0, "position starts at rootz");
        }
    }

    @Test
    void aDivergingHopperEndsOnlyThatEpisodeWithAFlagAndACounter() {
        try (DmControlEnv env = env("hop")) {
            env.reset(0);
            double[] a = {0.1, 0.2, 0.3, 0.4};
            env.step(a);
            env.physics().setQvel(3, Double.NaN);
            Step bad = env.step(a);
            assertTrue(bad.truncated() && env.lastStepPhysicsError());
            for (double v : bad.observation()) assertTrue(Double.isFinite(v));
            assertEquals(1, env.physicsErrors());
            env.reset();
            assertFalse(env.step(a).truncated());
            assertFalse(env.lastStepPhysicsError());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stand", "hop"})
    void registeredWithFifteenObservationsFourActionsAndThousandStepEpisodes(String task) {
        try (Env env = EnvRegistry.make("dm_control/hopper-" + task + "-v0")) {
            assertEquals(15, env.observationSpace().size());
            assertEquals(4, env.actionSpace().size());
            env.reset(0);
            double[] a = new double[4];
            for (int t = 1; t <= 1000; t++) {
                for (int i = 0; i < 4; i++) a[i] = Math.sin(0.05 * t + i);
                Step s = env.step(a);
                assertFalse(s.terminated());
                assertEquals(t == 1000, s.truncated(), "truncated exactly at step 1000, t=" + t);
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "reward in [0, 1]: " + s.reward());
            }
        }
    }

    /** Upright with the knee bent by {@code knee} radians, at rest, kinematics up to date. */
    private static void pose(Physics p, double knee) {
        p.data("qpos").setAll(new double[p.nq()]);
        p.data("qvel").setAll(new double[p.nv()]);
        p.setQpos(5, knee);
        for (int i = 0; i < 4; i++) p.setCtrl(i, 0);
        p.forwardWithoutActuation();
    }
}
