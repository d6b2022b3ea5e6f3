package io.tributary.envs.dmc.humanoidcmu;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.mujoco.MjObj;
import io.tributary.envs.testing.ContactFreeResets;
import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumanoidCmuTest {

    private static final String STAND = "dm_control/humanoid_CMU-stand-v0", RUN = "dm_control/humanoid_CMU-run-v0";
    private static final int OBS = 137, NU = 56;
    // sorted keys: com_velocity 0..2, extremities 3..14, head_height 15, joint_angles 16..71, torso_vertical 72..74,
    // velocity 75..136
    private static final int EXTREMITIES = 3, HEAD_HEIGHT = 15, JOINT_ANGLES = 16, TORSO_VERTICAL = 72, VELOCITY = 75;
    /** Head above the root in the model pose, along the root's local y (up): the spine and neck bodies' y offsets. */
    private static final double HEAD_ABOVE_ROOT = .1 + .11356 + .113945 + .09 + .09;

    /**
     * The golden set has no physics file for humanoid_CMU, so the task file's header stands in for it: our MJCF
     * compiles to the suite's sizes, timestep, integrator, names in order, total mass, qpos0 and action bounds.
     */
    @Test
    void theCompiledModelHasTheSuitesSizesNamesMassAndInitialPose() {
        Map<String, Object> h = Golden.dmControl("tasks/humanoid_CMU-stand_seed0_A.jsonl.gz").get(0);
        try (Physics p = DmSuite.spec(STAND).newPhysics()) {
            for (String size : List.of("nq", "nv", "nu", "na", "nsensordata")) {
                assertEquals(((Number) h.get(size)).intValue(), p.mjModel().size(size), size);
            }
            assertEquals(((Number) h.get("physics_timestep")).doubleValue(), p.timestep(), 0.0, "timestep");
            assertEquals(((Number) h.get("integrator")).intValue(), p.mjModel().integrator(), "integrator");
            double total = 0;
            for (double m : p.model("body_mass").toArray()) total += m;
            assertEquals(((Number) h.get("total_mass")).doubleValue(), total, 1e-12, "total mass");
            assertEquals(h.get("body_names"), names(p, MjObj.BODY, p.mjModel().size("nbody")), "body names");
            assertEquals(h.get("joint_names"), names(p, MjObj.JOINT, p.njnt()), "joint names");
            assertEquals(h.get("actuator_names"), names(p, MjObj.ACTUATOR, p.nu()), "actuator names");
            assertArrayEquals(Json.doubles(h.get("qpos0")), p.model("qpos0").toArray(), 0.0, "qpos0");
            double[] range = p.model("actuator_ctrlrange").toArray();
            double[] lo = Json.doubles(h.get("action_min")), hi = Json.doubles(h.get("action_max"));
            for (int i = 0; i < NU; i++) {
                assertEquals(lo[i], range[2 * i], 0.0, "ctrlrange low " + i);
                assertEquals(hi[i], range[2 * i + 1], 0.0, "ctrlrange high " + i);
            }
        }
    }

    /**
     * The whole pose (root quaternion and all 56 hinges) is re-drawn until nothing touches, in dm_control's draw
     * order; the root stays at (0, 0, 1) with a normalised rand(4) quaternion (every component non-negative, the
     * suite's quirk) and the body starts at rest.
     */
    @Test
    void resetRedrawsTouchingPosesKeepingTheRootPositionAndAPositiveQuaternion() {
        ContactFreeResets.assertReplayMatches(DmSuite.spec(STAND), 30, random -> { },
                Randomizers::randomizeLimitedAndRotationalJoints,
                obs -> {
                    for (int k = VELOCITY; k < OBS; k++) assertEquals(0.0, obs[k], 0.0, "starts at rest");
                    for (int k = 0; k < 3; k++) assertEquals(0.0, obs[k], 0.0, "no centre-of-mass velocity");
                });
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(RUN))) {
            for (int seed = 0; seed < 30; seed++) {
                env.reset(seed);
                Physics p = env.physics();
                assertArrayEquals(new double[] {0, 0, 1}, new double[] {p.qpos(0), p.qpos(1), p.qpos(2)}, 0.0, "root position");
                double norm = 0;
                for (int k = 3; k < 7; k++) {
                    assertTrue(p.qpos(k) >= 0, "quaternion component " + p.qpos(k) + ", seed " + seed);
                    norm += p.qpos(k) * p.qpos(k);
                }
                assertEquals(1.0, norm, 1e-15, "unit quaternion, seed " + seed);
            }
        }
    }

    /**
     * A model on which every pose touches (the root's reset position, which the randomiser keeps, sunk into the
     * floor) ends the loop with an error naming the task.
     */
    @Test
    void aResetThatNeverFindsAContactFreePoseFailsClearly() {
        try (Physics p = DmSuite.spec(STAND).newPhysics()) {
            HumanoidCmu task = new HumanoidCmu(p, 0);
            p.model("qpos0").set(2, 0);
            p.resetData();
            assertEquals(0.0, p.qpos(2), 0.0, "root reset to floor level");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> task.initializeEpisode(p, new io.tributary.envs.random.RandomState(0)));
            assertTrue(e.getMessage().contains("humanoid_CMU") && e.getMessage().contains(HumanoidCmu.MAX_INIT_ATTEMPTS + " attempts"),
                    e.getMessage());
        }
    }

    /**
     * extremities = each limb's offset from the thorax in the thorax's frame (row vector times xmat). In the model
     * pose the root is turned +90 degrees about x, so a world offset (a, b, c) reads (a, c, -b) in the thorax frame,
     * and turning the whole body about the vertical leaves it unchanged. torso_vertical is the thorax's xmat row z.
     */
    @Test
    void extremitiesAreLimbOffsetsInTheThoraxFrame() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(STAND))) {
            env.reset(0);
            Physics p = env.physics();
            double[] modelPose = modelPose(p, 0, 1);
            int thorax = p.bodyId("thorax");
            int[] limbs = {p.bodyId("lhand"), p.bodyId("lfoot"), p.bodyId("rhand"), p.bodyId("rfoot")};
            double[][] world = new double[4][3];
            for (int l = 0; l < 4; l++) {
                for (int k = 0; k < 3; k++) world[l][k] = p.xpos(limbs[l], k) - p.xpos(thorax, k);
            }
            double[] turned = modelPose(p, 2.0, 1);
            for (int l = 0; l < 4; l++) {
                int o = EXTREMITIES + 3 * l;
                double[] w = world[l];
                assertArrayEquals(new double[] {w[0], w[2], -w[1]}, new double[] {modelPose[o], modelPose[o + 1], modelPose[o + 2]},
                        1e-12, "limb " + l + " in the thorax frame");
                assertArrayEquals(new double[] {modelPose[o], modelPose[o + 1], modelPose[o + 2]},
                        new double[] {turned[o], turned[o + 1], turned[o + 2]}, 1e-12, "limb " + l + " does not depend on the heading");
            }
            // left limbs on the +x side of the model, feet well below the thorax (its y axis is up)
            assertTrue(modelPose[EXTREMITIES] > 0 && modelPose[EXTREMITIES + 6] < 0, "left hand +x, right hand -x");
            assertTrue(modelPose[EXTREMITIES + 4] < -0.8 && modelPose[EXTREMITIES + 10] < -0.8, "feet more than 0.8 m below");
            assertArrayEquals(new double[] {0, 1, 0}, new double[] {turned[TORSO_VERTICAL], turned[TORSO_VERTICAL + 1],
                    turned[TORSO_VERTICAL + 2]}, 1e-15, "torso_vertical of an upright thorax: its y axis is world z");
            assertEquals(1 + HEAD_ABOVE_ROOT, turned[HEAD_HEIGHT], 1e-12, "head height");
            for (int k = JOINT_ANGLES; k < TORSO_VERTICAL; k++) assertEquals(0.0, turned[k], 0.0, "joint angles of the model pose");
        }
    }

    /**
     * Puts the body in its model pose (all hinges 0) with the root at height {@code z}, turned by {@code heading}
     * about world z on top of the model's +90 degrees about x; returns the observation.
     */
    private static double[] modelPose(Physics p, double heading, double z) {
        p.data("qpos").setAll(p.model("qpos0").toArray());
        p.data("qvel").setAll(new double[p.nv()]);
        double c = Math.cos(heading / 2), s = Math.sin(heading / 2), r = Math.sqrt(0.5);
        // (c, 0, 0, s) * (r, r, 0, 0)
        p.setQpos(2, z);
        p.setQpos(3, c * r);
        p.setQpos(4, c * r);
        p.setQpos(5, s * r);
        p.setQpos(6, s * r);
        p.forwardWithoutActuation();
        double[] obs = new double[OBS];
        new HumanoidCmu(p, 0).observation(p, obs, 0);
        return obs;
    }

    /**
     * Reward = small control x standing x upright x the move term, on hand-set states: standing in the model pose at
     * rest with zero control earns 1 in stand and 1/6 in run.
     */
    @Test
    void rewardMultipliesControlHeadHeightThoraxUprightnessAndSpeed() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(STAND))) {
            env.reset(0);
            Physics p = env.physics();
            HumanoidCmu stand = new HumanoidCmu(p, 0), run = new HumanoidCmu(p, HumanoidCmu.RUN_SPEED);
            modelPose(p, 0.4, 1);
            for (int i = 0; i < NU; i++) p.setCtrl(i, 0);
            assertEquals(1.0, stand.reward(p), 1e-15);
            assertEquals(1.0 / 6, run.reward(p), 1e-15);
            // the whole body moving at 2 m/s along x: the thorax subtree's com moves with it
            p.setQvel(0, 2);
            p.forwardWithoutActuation();
            assertEquals(2, p.sensordata(p.sensorAdr(p.sensorId("thorax_subtreelinvel"))), 1e-12, "com velocity x");
            assertEquals((5 * 0.2 + 1) / 6, run.reward(p), 1e-12, "run: linear up to 10 m/s");
            assertEquals((0.1 + 1) / 2, stand.reward(p), 1e-12, "stand: mean over vx, vy of 0.1^((v/2)^2)");
            // small control: mean(1 - u^2) over the raw, unclipped action; |u| >= 1 counts 0
            for (int i = 0; i < NU; i++) p.setCtrl(i, i % 4 == 0 ? -1.5 : 0.5);
            double control = 42 * 0.75 / NU;
            assertEquals((4 + control) / 5 * (5 * 0.2 + 1) / 6, run.reward(p), 1e-12);
            // head 0.35 m (the margin) below 1.4 m: standing = 0.1
            for (int i = 0; i < NU; i++) p.setCtrl(i, 0);
            modelPose(p, 0, 1.4 - 0.35 - HEAD_ABOVE_ROOT);
            assertEquals(0.1, stand.reward(p), 1e-12);
            // root quaternion 1: the thorax's y axis lies horizontal (zy = 0), upright = (1 + 0) / 1.9; the head's
            // height is then the spine's small z offsets, so lift the root to keep the head at 1.5 m
            p.data("qpos").setAll(p.model("qpos0").toArray());
            p.setQpos(3, 1);
            p.setQpos(4, 0);
            p.forwardWithoutActuation();
            p.setQpos(2, 1 + 1.5 - p.xpos(p.bodyId("head"), 2));
            p.forwardWithoutActuation();
            assertEquals(1.5, p.xpos(p.bodyId("head"), 2), 1e-12);
            assertEquals(0.0, p.xmat(p.bodyId("thorax"), Physics.ZY), 1e-15);
            assertEquals(1 / 1.9, stand.reward(p), 1e-12);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {STAND, RUN})
    void registeredWithTheSuitesSpaces(String id) {
        assertTrue(EnvRegistry.ids().contains(id), id + " registered");
        try (Env env = EnvRegistry.make(id)) {
            assertEquals(OBS, env.observationSpace().size(), "observation size");
            assertEquals(NU, env.actionSpace().size(), "action size");
            for (int i = 0; i < NU; i++) {
                assertEquals(-1.0, env.actionSpace().low(i), 0.0);
                assertEquals(1.0, env.actionSpace().high(i), 0.0);
            }
            assertEquals(OBS, env.reset(5).length);
        }
    }

    /** Through the registry as a user makes it (the golden test covers run's step types from the recorded state). */
    @Test
    void thousandStepEpisodesThatTruncate() {
        try (Env env = EnvRegistry.make(STAND)) {
            env.reset(5);
            double[] action = new double[NU];
            for (int t = 1; t <= 1000; t++) {
                for (int i = 0; i < NU; i++) action[i] = Math.sin(0.07 * t + 0.5 * i);
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
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(RUN))) {
            env.reset(0);
            double[] action = new double[NU];
            env.step(action);
            env.physics().setQvel(10, 1e12);
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

    private static List<String> names(Physics p, MjObj type, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = p.name(type, i);
            out.add(name == null ? "" : name);
        }
        return out;
    }
}
