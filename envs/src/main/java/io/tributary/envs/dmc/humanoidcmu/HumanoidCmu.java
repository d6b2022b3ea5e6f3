package io.tributary.envs.dmc.humanoidcmu;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.dmc.Tolerance.Sigmoid;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's humanoid_CMU stand / run (facts 6.4): a CMU-mocap-proportioned humanoid, 56 hinges under a free root.
 * Reward = small control x head above 1.4 m x thorax upright x (stand: not moving horizontally; run: centre-of-mass
 * horizontal speed reaching 10 m/s), with the thorax as reference body. Every episode starts from a random root
 * orientation (a normalised {@code rand(4)} quaternion) and random joint angles, re-drawn until nothing touches.
 *
 * <p>The model's local y axis is "up" (the root is turned 90 degrees about x), so "upright" reads the thorax's
 * {@code zy} (the world-z component of its y axis), where humanoid reads its torso's {@code zz}. dm_control 1.0.6 has
 * no walk task (it came later), so only stand and run are registered.
 */
public final class HumanoidCmu implements DmTask {

    /** Head height (m) above which the standing term is 1. */
    private static final double STAND_HEIGHT = 1.4;
    public static final double RUN_SPEED = 10;
    /**
     * dm_control re-draws without a bound. With the root 1 m up and 0.9 m legs, most random poses reach the floor or
     * fold a limb into the body: about one draw in nine is contact-free (seeds 0..1999: 9.3 attempts on average, 83
     * at most), so 1000 misses happen with probability ~1e-49; the bound only turns a broken model into an error
     * instead of a hang.
     */
    static final int MAX_INIT_ATTEMPTS = 1000;
    /** The free root joint's 7 qpos entries (position, quaternion) precede the hinge angles. */
    private static final int ROOT_QPOS = 7;
    private static final int HINGES = 56;

    // Gymnasium's flatten order: keys sorted by name.
    private static final List<ObsKey> KEYS = List.of(new ObsKey("com_velocity", 3), new ObsKey("extremities", 12),
            new ObsKey("head_height", 1), new ObsKey("joint_angles", HINGES), new ObsKey("torso_vertical", 3),
            new ObsKey("velocity", HINGES + 6));

    public static List<DmTaskSpec> specs() {
        return List.of(spec("stand", 0), spec("run", RUN_SPEED));
    }

    private static DmTaskSpec spec(String task, double moveSpeed) {
        return new DmTaskSpec("humanoid_CMU", task, () -> ModelFiles.read("humanoid_CMU.xml"), p -> new HumanoidCmu(p, moveSpeed));
    }

    private final double moveSpeed;
    private final int thorax, head, comVelocity;
    /** Bodies whose thorax-frame offsets form {@code extremities}, in dm_control's order. */
    private final int[] limbs;

    public HumanoidCmu(Physics physics, double moveSpeed) {
        if (physics.nq() != ROOT_QPOS + HINGES || physics.nv() != HINGES + 6) {
            throw new IllegalArgumentException("humanoid_CMU: expected nq 63, nv 62, got nq " + physics.nq() + ", nv " + physics.nv());
        }
        this.moveSpeed = moveSpeed;
        this.thorax = physics.bodyId("thorax");
        this.head = physics.bodyId("head");
        this.comVelocity = physics.sensorAdr(physics.sensorId("thorax_subtreelinvel"));
        this.limbs = new int[] {physics.bodyId("lhand"), physics.bodyId("lfoot"), physics.bodyId("rhand"),
                physics.bodyId("rfoot")};
    }

    @Override public double controlTimestep() { return 0.02; }
    @Override public double timeLimit() { return 20; }
    @Override public List<ObsKey> observationKeys() { return KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        Randomizers.drawUntilContactFree(physics, MAX_INIT_ATTEMPTS, "humanoid_CMU: no contact-free initial pose",
                () -> Randomizers.randomizeLimitedAndRotationalJoints(physics, random));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        for (int k = 0; k < 3; k++) out[o++] = physics.sensordata(comVelocity + k);
        o = extremities(physics, out, o);
        out[o++] = physics.xpos(head, 2);
        for (int i = ROOT_QPOS, n = physics.nq(); i < n; i++) out[o++] = physics.qpos(i);
        out[o++] = physics.xmat(thorax, Physics.ZX);
        out[o++] = physics.xmat(thorax, Physics.ZY);
        out[o++] = physics.xmat(thorax, Physics.ZZ);
        for (int i = 0, n = physics.nv(); i < n; i++) out[o++] = physics.qvel(i);
    }

    /** Each limb's offset from the thorax origin in the thorax frame: the row vector {@code (x_limb - x_thorax) R}. */
    private int extremities(Physics physics, double[] out, int o) {
        double tx = physics.xpos(thorax, 0), ty = physics.xpos(thorax, 1), tz = physics.xpos(thorax, 2);
        for (int limb : limbs) {
            double dx = physics.xpos(limb, 0) - tx;
            double dy = physics.xpos(limb, 1) - ty;
            double dz = physics.xpos(limb, 2) - tz;
            for (int c = 0; c < 3; c++) {
                out[o++] = dx * physics.xmat(thorax, c) + dy * physics.xmat(thorax, 3 + c) + dz * physics.xmat(thorax, 6 + c);
            }
        }
        return o;
    }

    @Override
    public double reward(Physics physics) {
        double standing = Tolerance.tolerance(physics.xpos(head, 2), STAND_HEIGHT, Double.POSITIVE_INFINITY, STAND_HEIGHT / 4);
        double upright = Tolerance.tolerance(physics.xmat(thorax, Physics.ZY), 0.9, Double.POSITIVE_INFINITY, 1.9,
                Sigmoid.LINEAR, 0);
        int nu = physics.nu();
        double control = 0;
        for (int i = 0; i < nu; i++) control += Tolerance.smallControl(physics.ctrl(i));
        double smallControl = (4 + control / nu) / 5;
        double vx = physics.sensordata(comVelocity), vy = physics.sensordata(comVelocity + 1);
        double move;
        if (moveSpeed == 0) {
            move = (Tolerance.tolerance(vx, 0, 0, 2) + Tolerance.tolerance(vy, 0, 0, 2)) / 2;
        } else {
            double speed = Math.sqrt(vx * vx + vy * vy);
            move = Tolerance.tolerance(speed, moveSpeed, Double.POSITIVE_INFINITY, moveSpeed, Sigmoid.LINEAR, 0);
            move = (5 * move + 1) / 6;
        }
        return smallControl * (standing * upright) * move;
    }
}
