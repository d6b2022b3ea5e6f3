package io.tributary.envs.dmc.walker;

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

class WalkerTest {

    private static DmControlEnv env(String task) {
        return new DmControlEnv(DmSuite.spec("dm_control/walker-" + task + "-v0"));
    }

    /** rootz and rootx (unlimited slides) keep 0; the torso pitch is U(-pi, pi); each leg joint U(its range). */
    @Test
    void resetPitchesTheTorsoAtRandomAndDrawsEachLegJointInItsRange() {
        try (DmControlEnv env = env("walk")) {
            Physics p = env.physics();
            for (long seed = 0; seed < 5; seed++) {
                env.reset(seed);
                RandomState replay = new RandomState(seed);
                assertEquals(0.0, p.qpos(0), 0.0, "rootz");
                assertEquals(0.0, p.qpos(1), 0.0, "rootx");
                assertEquals(replay.uniform(-Math.PI, Math.PI), p.qpos(2), 0.0, "rooty");
                for (int j = 3; j < 9; j++) {
                    assertEquals(replay.uniform(p.jointRangeLow(j), p.jointRangeHigh(j)), p.qpos(j), 0.0, "joint " + j);
                }
                assertEquals(replay.randomSample(), env.random().randomSample(), 0.0, "seven draws, seed " + seed);
            }
        }
    }

    /** Sorted keys: height (1), orientations (14: [xx, xz] of each body), velocity (9). */
    @Test
    void observationIsHeightThenEachBodysPlanarOrientationThenVelocities() {
        try (DmControlEnv env = env("stand")) {
            env.reset(0);
            Physics p = env.physics();
            double pitch = 0.7;
            p.data("qpos").setAll(new double[p.nq()]);
            p.data("qvel").setAll(new double[p.nv()]);
            p.setQpos(0, -0.2);
            p.setQpos(2, pitch);
            p.setQvel(4, 3.0);
            p.forwardWithoutActuation();
            double[] obs = new double[24];
            env.task().observation(p, obs, 0);
            assertEquals(1.1, obs[0], 1e-12, "height: torso origin z");
            for (int b = 0; b < 7; b++) { // the legs are straight: every body has the torso's pitch
                assertEquals(Math.cos(pitch), obs[1 + 2 * b], 1e-12, "xx of body " + (b + 1));
                assertEquals(Math.sin(pitch), obs[2 + 2 * b], 1e-12, "xz of body " + (b + 1));
            }
            assertEquals(3.0, obs[15 + 4], 0.0, "velocity = qvel");
        }
    }

    /**
     * Upright at 1.3 m the stand term is 1; standing still earns a sixth of it in walk and run, moving at the target
     * speed all of it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"stand", "walk", "run"})
    void standingUprightEarnsTheFullStandTermAndMovingScalesIt(String task) {
        try (DmControlEnv env = env(task)) {
            env.reset(0);
            Physics p = env.physics();
            double still = task.equals("stand") ? 1 : 1.0 / 6;
            assertEquals(still, rewardAt(env, 0), 1e-12, "standing still");
            double speed = task.equals("run") ? 8 : 1;
            assertEquals(1.0, rewardAt(env, speed), 1e-12, "at the target speed");
            if (task.equals("run")) { // linear, 0.5 at half the target speed: 1 m/s of 8 is move = 0.125
                assertEquals((5 * 0.125 + 1) / 6, rewardAt(env, 1), 1e-12, "1 m/s in run");
            }
            rewardAt(env, 0);
            p.setQpos(2, Math.PI); // upside down at the same height, still: upright term 0
            p.forwardWithoutActuation();
            assertEquals(0.75 * still, env.task().reward(p), 1e-12, "upside down, still");
        }
    }

    private static double rewardAt(DmControlEnv env, double forwardSpeed) {
        Physics p = env.physics();
        p.data("qpos").setAll(new double[p.nq()]);
        p.data("qvel").setAll(new double[p.nv()]);
        p.setQvel(1, forwardSpeed);
        p.forwardWithoutActuation();
        return env.task().reward(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stand", "walk", "run"})
    void registeredWithTwentyFourObservationsSixActionsAndThousandStepEpisodes(String task) {
        try (Env env = EnvRegistry.make("dm_control/walker-" + task + "-v0")) {
            assertEquals(24, env.observationSpace().size());
            assertEquals(6, env.actionSpace().size());
            env.reset(0);
            double[] a = new double[6];
            for (int t = 1; t <= 1000; t++) {
                for (int i = 0; i < 6; i++) a[i] = Math.sin(0.05 * t + i);
                Step s = env.step(a);
                assertFalse(s.terminated());
                assertEquals(t == 1000, s.truncated(), "truncated exactly at step 1000, t=" + t);
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "reward in [0, 1]: " + s.reward());
            }
        }
    }
}
