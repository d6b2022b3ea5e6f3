package io.tributary.envs.dmc.humanoid;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.testing.ContactFreeResets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumanoidTest {

    private static final String STAND = "dm_control/humanoid-stand-v0", WALK = "dm_control/humanoid-walk-v0",
            RUN = "dm_control/humanoid-run-v0", PURE = "dm_control/humanoid-run_pure_state-v0";
    // sorted feature keys: com_velocity 0..2, extremities 3..14, head_height 15, joint_angles 16..36,
    // torso_vertical 37..39, velocity 40..66
    private static final int EXTREMITIES = 3, HEAD_HEIGHT = 15, JOINT_ANGLES = 16, TORSO_VERTICAL = 37, VELOCITY = 40;

    /**
     * The whole pose (torso quaternion and all 21 hinges) is re-drawn until nothing touches, in dm_control's draw
     * order; the torso keeps its position (0, 0, 1.5) and gets a normalised rand(4) quaternion, so every component
     * is non-negative (the suite's quirk, kept).
     */
    @Test
    void resetRedrawsTouchingPosesAndKeepsTheTorsoPositionAndAPositiveQuaternion() {
        ContactFreeResets.assertReplayMatches(DmSuite.spec(PURE), 40, random -> { },
                Randomizers::randomizeLimitedAndRotationalJoints,
                obs -> {
                    assertArrayEquals(new double[] {0, 0, 1.5}, new double[] {obs[0], obs[1], obs[2]}, 0.0, "torso position");
                    double norm = 0;
                    for (int k = 3; k < 7; k++) {
                        assertTrue(obs[k] >= 0, "quaternion component " + obs[k]);
                        norm += obs[k] * obs[k];
                    }
                    assertEquals(1.0, norm, 1e-15, "unit quaternion");
                    for (int k = 28; k < 55; k++) assertEquals(0.0, obs[k], 0.0, "starts at rest");
                });
    }

    /** extremities = each limb's offset from the torso in the torso's frame, checked against a yawed torso. */
    @Test
    void extremitiesAreLimbOffsetsInTheTorsoFrame() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(STAND))) {
            env.reset(0);
            Physics p = env.physics();
            double[] upright = standUpright(p, 0);
            double[] yawed = standUpright(p, Math.PI / 2); // torso x-axis along world y
            int[] limbs = {p.bodyId("left_hand"), p.bodyId("left_foot"), p.bodyId("right_hand"), p.bodyId("right_foot")};
            for (int l = 0; l < 4; l++) {
                int o = EXTREMITIES + 3 * l;
                // world offset (a, b, c) of a torso yawed by +90 degrees is (b, -a, c) in the torso frame
                double a = p.xpos(limbs[l], 0) - p.xpos(p.bodyId("torso"), 0);
                double b = p.xpos(limbs[l], 1) - p.xpos(p.bodyId("torso"), 1);
                double c = p.xpos(limbs[l], 2) - p.xpos(p.bodyId("torso"), 2);
                assertArrayEquals(new double[] {b, -a, c}, new double[] {yawed[o], yawed[o + 1], yawed[o + 2]}, 1e-12, "limb " + l);
                // the offset in the torso frame does not depend on the yaw
                assertArrayEquals(new double[] {upright[o], upright[o + 1], upright[o + 2]},
                        new double[] {yawed[o], yawed[o + 1], yawed[o + 2]}, 1e-12, "limb " + l + " yaw-invariant");
            }
            assertArrayEquals(new double[] {0, 0, 1}, new double[] {yawed[TORSO_VERTICAL], yawed[TORSO_VERTICAL + 1],
                    yawed[TORSO_VERTICAL + 2]}, 1e-15, "torso_vertical of an upright torso");
            assertEquals(1.5 + 0.19, yawed[HEAD_HEIGHT], 1e-12, "head 0.19 m above the torso");
            // left limbs on the torso's +y side, feet below it
            assertTrue(upright[EXTREMITIES + 1] > 0 && upright[EXTREMITIES + 7] < 0, "left hand +y, right hand -y");
            assertTrue(upright[EXTREMITIES + 5] < -1 && upright[EXTREMITIES + 11] < -1, "feet more than 1 m below");
        }
    }

    /** Puts the humanoid in its model pose (all hinges 0) with the torso at 1.5 m turned by {@code yaw}; returns the observation. */
    private static double[] standUpright(Physics p, double yaw) {
        p.data("qpos").setAll(p.model("qpos0").toArray());
        p.data("qvel").setAll(new double[p.nv()]);
        p.setQpos(3, Math.cos(yaw / 2));
        p.setQpos(6, Math.sin(yaw / 2));
        p.forwardWithoutActuation();
        double[] obs = new double[67];
        new Humanoid(p, 0, false).observation(p, obs, 0);
        return obs;
    }

    /**
     * Reward = small control x standing x upright x the move term, each checked on a hand-set state: standing
     * upright at rest with zero control earns 1 in stand and 1/6 in walk/run (not moving yet).
     */
    @Test
    void rewardMultipliesControlHeightUprightnessAndSpeedTerms() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(STAND))) {
            env.reset(0);
            Physics p = env.physics();
            Humanoid stand = new Humanoid(p, 0, false);
            Humanoid walk = new Humanoid(p, Humanoid.WALK_SPEED, false);
            Humanoid run = new Humanoid(p, Humanoid.RUN_SPEED, false);
            standUpright(p, 0.3);
            for (int i = 0; i < p.nu(); i++) p.setCtrl(i, 0);
            assertEquals(1.0, stand.reward(p), 1e-15);
            assertEquals(1.0 / 6, walk.reward(p), 1e-15);
            // half the walk speed, a twentieth of the run speed, along x: the com moves with the whole body
            p.setQvel(0, 0.5);
            p.forwardWithoutActuation();
            assertEquals(0.5, p.sensordata(p.sensorAdr(p.sensorId("torso_subtreelinvel"))), 1e-12, "com velocity x");
            assertEquals((5 * 0.5 + 1) / 6, walk.reward(p), 1e-12);
            assertEquals((5 * 0.05 + 1) / 6, run.reward(p), 1e-12);
            // stand: mean over vx, vy of 0.1^((v/2)^2)
            assertEquals((Math.pow(0.1, 0.0625) + 1) / 2, stand.reward(p), 1e-12);
            // small control: mean(1 - u^2), |u| >= 1 counts 0 (the raw, unclipped action)
            for (int i = 0; i < p.nu(); i++) p.setCtrl(i, i < 7 ? 1.5 : 0.5);
            double control = (7 * 0 + 14 * 0.75) / 21;
            assertEquals((4 + control) / 5 * (5 * 0.5 + 1) / 6, walk.reward(p), 1e-12);
            // head 0.35 m (the margin) below 1.4 m: standing = 0.1; tipped 90 degrees about x: upright = 1/1.9
            for (int i = 0; i < p.nu(); i++) p.setCtrl(i, 0);
            p.setQvel(0, 0);
            p.setQpos(2, 1.4 - 0.35 - 0.19);
            p.forwardWithoutActuation();
            assertEquals(0.1, stand.reward(p), 1e-12);
            p.setQpos(2, 1.5);
            p.setQpos(3, Math.cos(Math.PI / 4));
            p.setQpos(4, Math.sin(Math.PI / 4));
            p.setQpos(5, 0);
            p.setQpos(6, 0);
            p.forwardWithoutActuation();
            assertEquals(1.5, p.xpos(p.bodyId("head"), 2), 1e-12, "head level with the torso, still above 1.4 m");
            assertEquals(0.0, p.xmat(p.bodyId("torso"), Physics.ZZ), 1e-15);
            assertEquals(1 / 1.9, stand.reward(p), 1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({STAND + ", 67", WALK + ", 67", RUN + ", 67", PURE + ", 55"})
    void thousandStepEpisodesThatTruncate(String id, int obsSize) {
        assertTrue(EnvRegistry.ids().contains(id), id + " registered");
        try (Env env = EnvRegistry.make(id)) {
            assertEquals(obsSize, env.observationSpace().size(), "observation size");
            assertEquals(21, env.actionSpace().size(), "action size");
            for (int i = 0; i < 21; i++) {
                assertEquals(-1.0, env.actionSpace().low(i), 0.0);
                assertEquals(1.0, env.actionSpace().high(i), 0.0);
            }
            assertEquals(obsSize, env.reset(3).length);
            double[] action = new double[21];
            for (int t = 1; t <= 1000; t++) {
                for (int i = 0; i < 21; i++) action[i] = Math.sin(0.05 * t + i);
                Step s = env.step(action);
                assertFalse(s.terminated(), "suite tasks never terminate");
                assertEquals(t == 1000, s.truncated(), "truncated exactly at step 1000, t=" + t);
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "reward in [0, 1]: " + s.reward());
                for (double v : s.observation()) assertTrue(Double.isFinite(v), "finite observation at t=" + t);
            }
        }
    }

    /** A blown-up state (a velocity MuJoCo rejects) ends the episode with the flag and the counter; the next is clean. */
    @Test
    void divergedPhysicsEndsTheEpisodeWithAFlagAndACounter() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(WALK))) {
            env.reset(0);
            double[] action = new double[21];
            env.step(action);
            env.physics().setQvel(0, 1e11);
            Step s = env.step(action);
            assertTrue(s.truncated());
            assertFalse(s.terminated());
            assertEquals(0.0, s.reward(), 0.0);
            for (double v : s.observation()) assertTrue(Double.isFinite(v), "observation stays finite");
            assertTrue(env.lastStepPhysicsError());
            assertNotEquals(0, env.lastErrorFlags() & (MjData.ERR_WARNING | MjData.ERR_NONFINITE));
            assertEquals(1, env.physicsErrors());
            env.reset();
            assertFalse(env.step(action).truncated());
            assertFalse(env.lastStepPhysicsError());
        }
    }
}
