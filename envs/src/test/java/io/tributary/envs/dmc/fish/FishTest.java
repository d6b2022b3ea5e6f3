package io.tributary.envs.dmc.fish;

import io.tributary.envs.Step;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmControlVectorEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.NumpyLinalg;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FishTest {

    private static final String[] JOINTS =
            {"tail1", "tail_twist", "tail2", "finright_roll", "finright_pitch", "finleft_roll", "finleft_pitch"};

    private static DmControlEnv env(String task) {
        return new DmControlEnv(DmSuite.spec("dm_control/fish-" + task + "-v0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"upright", "swim"})
    void resetsDrawTheOrientationThenTheJointsThenTheTargetInDmControlsOrder(String task) {
        boolean swim = task.equals("swim");
        try (DmControlEnv env = env(task)) {
            Physics p = env.physics();
            int target = p.geomId("target");
            for (long seed = 0; seed < 30; seed++) {
                env.reset(seed);
                RandomState r = new RandomState(seed);
                double[] quat = new double[4];
                r.randn(quat);
                NumpyLinalg.normalize(quat);
                mujocoNormalize4(quat); // MuJoCo's kinematics renormalises the quaternion in qpos in place
                for (int k = 0; k < 4; k++) assertEquals(quat[k], p.qpos(3 + k), 0.0, "root quaternion " + k);
                assertEquals(0.0, p.qpos(0), 0.0);
                assertEquals(0.0, p.qpos(1), 0.0);
                assertEquals(0.1, p.qpos(2), 0.0, "the root keeps its height");
                for (String j : JOINTS) {
                    assertEquals(r.uniform(-0.2, 0.2), p.qpos(p.jointQposAdr(p.jointId(j))), 0.0, j);
                }
                if (swim) {
                    assertEquals(r.uniform(-0.4, 0.4), p.geomPos(target, 0), 0.0, "target x");
                    assertEquals(r.uniform(-0.4, 0.4), p.geomPos(target, 1), 0.0, "target y");
                    assertEquals(r.uniform(0.1, 0.3), p.geomPos(target, 2), 0.0, "target z");
                } else {
                    assertEquals(0.0, p.geomPos(target, 0), 0.0, "upright leaves the target");
                    assertEquals(0.4, p.geomPos(target, 1), 0.0, "upright leaves the target");
                }
                assertEquals(r.randomSample(), env.random().randomSample(), 0.0, "no further draws at reset");
                for (int v = 0; v < p.nv(); v++) assertEquals(0.0, p.qvel(v), 0.0, "starts at rest");
            }
        }
    }

    /** MuJoCo 2.2.2's {@code mju_normalize4}: a plain sum of squares, then a multiply by the reciprocal. */
    private static void mujocoNormalize4(double[] v) {
        double inv = 1 / Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
        for (int k = 0; k < 4; k++) v[k] *= inv;
    }

    @Test
    void observationsAreTheNamedJointAnglesTargetInTheMouthFrameUprightAndQvel() {
        try (DmControlEnv env = env("swim")) {
            double[] obs = env.reset(4);
            for (int t = 0; t < 10; t++) obs = env.step(new double[] {0.9, -0.5, 0.7, 0.3, -0.8}).observation();
            Physics p = env.physics();
            assertEquals(7 + 3 + 1 + 13, obs.length);
            for (int j = 0; j < JOINTS.length; j++) {
                assertEquals(p.qpos(p.jointQposAdr(p.jointId(JOINTS[j]))), obs[j], 0.0, JOINTS[j]);
            }
            int mouth = p.geomId("mouth"), target = p.geomId("target");
            double[] world = new double[3];
            for (int k = 0; k < 3; k++) world[k] = p.geomXpos(target, k) - p.geomXpos(mouth, k);
            // a rotation into the mouth's frame keeps the length, and maps the mouth's own axes onto the unit vectors
            assertEquals(NumpyLinalg.norm(world), NumpyLinalg.norm(obs[7], obs[8], obs[9]), 1e-15);
            for (int c = 0; c < 3; c++) {
                double along = world[0] * p.geomXmat(mouth, c) + world[1] * p.geomXmat(mouth, 3 + c)
                        + world[2] * p.geomXmat(mouth, 6 + c);
                assertEquals(along, obs[7 + c], 1e-15, "target along the mouth's axis " + c);
            }
            assertEquals(p.xmat(p.bodyId("torso"), Physics.ZZ), obs[10], 0.0, "upright = torso zz");
            for (int v = 0; v < 13; v++) assertEquals(p.qvel(v), obs[11 + v], 0.0, "qvel " + v);
        }
    }

    @Test
    void uprightRewardIsAGaussianInTheTorsosTiltAndSwimAddsTheMouthInTheTarget() {
        try (DmControlEnv upright = env("upright"); DmControlEnv swim = env("swim")) {
            upright.reset(0);
            swim.reset(0);
            Physics pu = upright.physics(), ps = swim.physics();
            // upside down: zz = -1, reward 0.1^((1 - zz)^2) = 1e-4
            setOrientation(pu, 0, 1, 0, 0);
            assertEquals(-1.0, pu.xmat(pu.bodyId("torso"), Physics.ZZ), 1e-15);
            assertEquals(1e-4, upright.task().reward(pu), 1e-16);
            setOrientation(pu, 1, 0, 0, 0);
            assertEquals(1.0, upright.task().reward(pu), 0.0);
            // swim, upright, with the target centred on the mouth: (7 * 1 + 1) / 8
            setOrientation(ps, 1, 0, 0, 0);
            int mouth = ps.geomId("mouth"), target = ps.geomId("target");
            for (int k = 0; k < 3; k++) ps.setGeomPos(target, k, ps.geomXpos(mouth, k));
            ps.forwardWithoutActuation();
            assertEquals(1.0, swim.task().reward(ps), 1e-15);
            // upside down and the target far away: only the uprightness term's 0 is left, in_target ~ 0
            setOrientation(ps, 0, 1, 0, 0);
            ps.setGeomPos(target, 0, 5);
            ps.forwardWithoutActuation();
            assertEquals(0.0, swim.task().reward(ps), 1e-12);
        }
    }

    private static void setOrientation(Physics p, double w, double x, double y, double z) {
        p.setQpos(3, w);
        p.setQpos(4, x);
        p.setQpos(5, y);
        p.setQpos(6, z);
        p.forwardWithoutActuation();
    }

    @Test
    void withoutGravityAFishAtRestWithZeroControlStaysPut() {
        try (DmControlEnv env = env("upright")) {
            env.reset(2);
            Physics p = env.physics();
            for (int q = 7; q < p.nq(); q++) p.setQpos(q, 0); // springs and servos at rest
            p.forwardWithoutActuation();
            double[] before = p.data("qpos").toArray();
            for (int t = 0; t < 25; t++) env.step(new double[5]);
            assertEquals(0.0, maxAbs(p.data("qvel").toArray()), 1e-12, "nothing pulls it anywhere");
            double[] after = p.data("qpos").toArray();
            for (int q = 0; q < after.length; q++) assertEquals(before[q], after[q], 1e-12, "qpos " + q);
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dm_control/fish-upright-v0", "dm_control/fish-swim-v0",
            "dm_control/swimmer-swimmer6-v0", "dm_control/swimmer-swimmer15-v0"})
    void aDivergingCopyEndsItsEpisodeWithAFlagAndACounterAndTheOthersStepOn(String id) {
        try (DmControlVectorEnv vec = new DmControlVectorEnv(DmSuite.spec(id), 2, 1)) {
            vec.reset(9);
            double[] actions = new double[2 * vec.singleActionSpace().size()];
            java.util.Arrays.fill(actions, 0.5);
            vec.step(actions);
            vec.env(1).physics().setQvel(0, 1e300); // the fluid drag (~v^2) overflows: a non-finite state
            vec.step(actions);
            assertTrue(vec.physicsError(1), "the diverged copy is flagged");
            assertTrue(vec.truncated()[1]);
            assertFalse(vec.physicsError(0));
            assertEquals(1, vec.physicsErrors());
            for (double v : vec.observations()) assertTrue(Double.isFinite(v), "observations stay finite");
            vec.step(actions); // the reset copy steps on
            assertFalse(vec.physicsError(1));
        }
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(id))) {
            env.reset(9);
            env.physics().setQvel(0, 1e300);
            Step s = env.step(new double[env.actionSpace().size()]);
            assertTrue(s.truncated());
            assertFalse(s.terminated());
            assertEquals(0.0, s.reward(), 0.0);
            assertEquals(1, env.physicsErrors());
        }
    }
}
