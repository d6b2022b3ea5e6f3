package io.tributary.envs.dmc.swimmer;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjObj;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SwimmerTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 6, 15})
    void theGeneratedChainHasOneSegmentJointMotorAndSensorPairPerLinkAfterTheHead(int links) {
        try (Physics p = Physics.fromXml("swimmer.xml", Swimmer.modelXml(links))) {
            assertEquals(links + 2, p.nq(), "rootx, rooty, rootz and one joint per segment");
            assertEquals(links - 1, p.nu());
            assertEquals(links + 1, p.mjModel().size("nbody"), "world, head and the segments");
            assertEquals(18 + 6 * (links - 1), p.data("sensordata").length());
            for (int i = 0; i < links - 1; i++) {
                int j = p.jointId("joint_" + i);
                assertTrue(p.jointLimited(j));
                assertEquals(-2 * Math.PI / links, p.jointRangeLow(j), 1e-15, "joint_" + i + " range");
                assertEquals(2 * Math.PI / links, p.jointRangeHigh(j), 1e-15, "joint_" + i + " range");
                assertEquals(i == 0 ? "head" : "segment_" + (i - 1),
                        p.name(MjObj.BODY, p.mjModel().array("body_parentid").getInt(p.bodyId("segment_" + i))));
                // each segment's velocimeter then gyro, in segment order after the head's six sensors
                assertEquals(18 + 6 * i, p.sensorAdr(p.sensorId("velocimeter_" + i)));
                assertEquals(21 + 6 * i, p.sensorAdr(p.sensorId("gyro_" + i)));
            }
        }
    }

    @Test
    void fewerThanThreeLinksAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Swimmer.modelXml(2));
        assertTrue(e.getMessage().contains("at least 3 links"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"swimmer6, 6", "swimmer15, 15"})
    void resetsDrawHeadingJointsAndTargetInDmControlsOrder(String task, int links) {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/swimmer-" + task + "-v0"))) {
            Physics p = env.physics();
            int target = p.geomId("target");
            int close = 0;
            for (long seed = 0; seed < 40; seed++) {
                env.reset(seed);
                RandomState r = new RandomState(seed);
                assertEquals(0.0, p.qpos(0), 0.0, "rootx is an unlimited slide: no draw");
                assertEquals(0.0, p.qpos(1), 0.0, "rooty is an unlimited slide: no draw");
                assertEquals(r.uniform(-Math.PI, Math.PI), p.qpos(2), 0.0, "heading");
                double limit = 2 * Math.PI / links;
                for (int q = 3; q < links + 2; q++) {
                    assertEquals(r.uniform(-p.jointRangeHigh(q), p.jointRangeHigh(q)), p.qpos(q), 0.0, "joint " + (q - 3));
                    assertTrue(Math.abs(p.qpos(q)) <= limit);
                }
                boolean isClose = r.randomSample() < 0.2;
                double box = isClose ? 0.3 : 2;
                assertEquals(r.uniform(-box, box), p.geomPos(target, 0), 0.0, "target x");
                assertEquals(r.uniform(-box, box), p.geomPos(target, 1), 0.0, "target y");
                assertEquals(0.05, p.geomPos(target, 2), 0.0, "target height unchanged");
                assertEquals(r.randomSample(), env.random().randomSample(), 0.0, "no further draws at reset");
                if (isClose) close++;
            }
            assertTrue(close > 0 && close < 40, "both target boxes occur over 40 seeds: " + close + " close");
        }
    }

    @Test
    void toTargetIsTheNoseToTargetVectorInTheHeadsFrameAndTheRewardFallsOffOutsideTheTarget() {
        DmTaskSpec spec = DmSuite.spec("dm_control/swimmer-swimmer6-v0");
        try (DmControlEnv env = new DmControlEnv(spec)) {
            env.reset(3);
            Physics p = env.physics();
            int target = p.geomId("target");
            // head turned a quarter to the left, chain straight, target 1 m along world +x from the origin
            for (int q = 0; q < p.nq(); q++) p.setQpos(q, 0);
            p.setQpos(2, Math.PI / 2);
            p.setGeomPos(target, 0, 1);
            p.setGeomPos(target, 1, 0);
            p.forwardWithoutActuation();
            double[] obs = new double[env.observationSpace().size()];
            env.task().observation(p, obs, 0);
            // keys sorted: body_velocities (18), joints (5), to_target (2)
            int o = 18 + 5;
            // rootz turns the head about its joint anchor (0, -.05, 0), which stays at world (0, -.05, .05): the nose,
            // 0.01 further back along the head's y, ends up 0.01 along world +x from the anchor
            int nose = p.geomId("nose");
            double nx = p.geomXpos(nose, 0), ny = p.geomXpos(nose, 1);
            assertEquals(0.01, nx, 1e-12, "nose x");
            assertEquals(-0.05, ny, 1e-12, "nose y");
            // after a +90 deg turn the head's x-axis is world +y and its y-axis world -x
            assertEquals(-ny, obs[o], 1e-12, "to_target x in the head frame");
            assertEquals(-(1 - nx), obs[o + 1], 1e-12, "to_target y in the head frame");
            double d = Math.hypot(obs[o], obs[o + 1]);
            double expected = 1 / (Math.pow((d - 0.1) / 0.5 * 3, 2) + 1); // long_tail, value 0.1 at the margin 0.5
            assertEquals(expected, env.task().reward(p), 1e-12);
            p.setGeomPos(target, 0, nx + 0.05);
            p.setGeomPos(target, 1, ny);
            p.forwardWithoutActuation();
            assertEquals(1.0, env.task().reward(p), 0.0, "inside the target's radius of 0.1");
        }
    }

    @Test
    void bodyVelocitiesAreEachBodysLocalVxVyAndWz() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/swimmer-swimmer6-v0"))) {
            env.reset(5);
            double[] action = {1, -1, 0.5, -0.5, 1};
            double[] obs = null;
            for (int t = 0; t < 20; t++) obs = env.step(action).observation();
            Physics p = env.physics();
            String[] velocimeters = {"head_vel", "velocimeter_0", "velocimeter_1", "velocimeter_2", "velocimeter_3", "velocimeter_4"};
            String[] gyros = {"head_gyro", "gyro_0", "gyro_1", "gyro_2", "gyro_3", "gyro_4"};
            for (int b = 0; b < 6; b++) {
                int v = p.sensorAdr(p.sensorId(velocimeters[b]));
                int g = p.sensorAdr(p.sensorId(gyros[b]));
                assertEquals(p.sensordata(v), obs[3 * b], 0.0, velocimeters[b] + " x");
                assertEquals(p.sensordata(v + 1), obs[3 * b + 1], 0.0, velocimeters[b] + " y");
                assertEquals(p.sensordata(g + 2), obs[3 * b + 2], 0.0, gyros[b] + " z");
            }
            assertTrue(Math.abs(obs[2]) > 0, "the head turns under these torques");
        }
    }
}
