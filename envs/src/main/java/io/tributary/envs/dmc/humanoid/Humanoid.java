package io.tributary.envs.dmc.humanoid;

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
 * dm_control's humanoid stand / walk / run / run_pure_state (facts 5.13): a 21-hinge humanoid under a free torso.
 * Reward = small control x head above 1.4 m x torso upright x (stand: not moving horizontally; walk/run: centre-of-
 * mass horizontal speed reaching 1 or 10 m/s). Every episode starts from a random torso orientation (a normalised
 * {@code rand(4)} quaternion, so mostly lying down) and random joint angles, re-drawn until nothing touches.
 */
public final class Humanoid implements DmTask {

    /** Head height (m) above which the standing term is 1. */
    private static final double STAND_HEIGHT = 1.4;
    public static final double WALK_SPEED = 1, RUN_SPEED = 10;
    /**
     * dm_control re-draws without a bound; with the torso 1.5 m up about 3 draws in 4 are contact-free (seeds
     * 0..1999: 1.36 attempts on average, 6 at most), so this bound only turns a broken model into an error instead of
     * a hang.
     */
    private static final int MAX_INIT_ATTEMPTS = 1000;
    /** The free root joint's 7 qpos entries (position, quaternion) precede the hinge angles. */
    private static final int ROOT_QPOS = 7;

    // Gymnasium's flatten order: keys sorted by name.
    private static final List<ObsKey> FEATURE_KEYS = List.of(new ObsKey("com_velocity", 3), new ObsKey("extremities", 12),
            new ObsKey("head_height", 1), new ObsKey("joint_angles", 21), new ObsKey("torso_vertical", 3),
            new ObsKey("velocity", 27));
    private static final List<ObsKey> PURE_STATE_KEYS = List.of(new ObsKey("position", 28), new ObsKey("velocity", 27));

    public static List<DmTaskSpec> specs() {
        return List.of(
                spec("stand", 0, false),
                spec("walk", WALK_SPEED, false),
                spec("run", RUN_SPEED, false),
                spec("run_pure_state", RUN_SPEED, true));
    }

    private static DmTaskSpec spec(String task, double moveSpeed, boolean pureState) {
        return new DmTaskSpec("humanoid", task, () -> ModelFiles.read("humanoid.xml"), p -> new Humanoid(p, moveSpeed, pureState));
    }

    private final double moveSpeed;
    private final boolean pureState;
    private final int torso, head, comVelocity;
    /** Bodies whose torso-frame offsets form {@code extremities}, in dm_control's order. */
    private final int[] limbs;

    public Humanoid(Physics physics, double moveSpeed, boolean pureState) {
        if (physics.nq() != ROOT_QPOS + 21 || physics.nv() != 27) {
            throw new IllegalArgumentException("humanoid: expected nq 28, nv 27, got nq " + physics.nq() + ", nv " + physics.nv());
        }
        this.moveSpeed = moveSpeed;
        this.pureState = pureState;
        this.torso = physics.bodyId("torso");
        this.head = physics.bodyId("head");
        this.comVelocity = physics.sensorAdr(physics.sensorId("torso_subtreelinvel"));
        this.limbs = new int[] {physics.bodyId("left_hand"), physics.bodyId("left_foot"), physics.bodyId("right_hand"),
                physics.bodyId("right_foot")};
    }

    @Override public double controlTimestep() { return 0.025; }
    @Override public double timeLimit() { return 25; }
    @Override public List<ObsKey> observationKeys() { return pureState ? PURE_STATE_KEYS : FEATURE_KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        Randomizers.drawUntilContactFree(physics, MAX_INIT_ATTEMPTS, "humanoid: no contact-free initial pose",
                () -> Randomizers.randomizeLimitedAndRotationalJoints(physics, random));
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        if (pureState) {
            for (int i = 0, n = physics.nq(); i < n; i++) out[o++] = physics.qpos(i);
            velocity(physics, out, o);
            return;
        }
        for (int k = 0; k < 3; k++) out[o++] = physics.sensordata(comVelocity + k);
        o = extremities(physics, out, o);
        out[o++] = physics.xpos(head, 2);
        for (int i = ROOT_QPOS, n = physics.nq(); i < n; i++) out[o++] = physics.qpos(i);
        out[o++] = physics.xmat(torso, Physics.ZX);
        out[o++] = physics.xmat(torso, Physics.ZY);
        out[o++] = physics.xmat(torso, Physics.ZZ);
        velocity(physics, out, o);
    }

    private static void velocity(Physics physics, double[] out, int o) {
        for (int i = 0, n = physics.nv(); i < n; i++) out[o++] = physics.qvel(i);
    }

    /** Each limb's offset from the torso origin in the torso frame: the row vector {@code (x_limb - x_torso) R}. */
    private int extremities(Physics physics, double[] out, int o) {
        double tx = physics.xpos(torso, 0), ty = physics.xpos(torso, 1), tz = physics.xpos(torso, 2);
        for (int limb : limbs) {
            double dx = physics.xpos(limb, 0) - tx;
            double dy = physics.xpos(limb, 1) - ty;
            double dz = physics.xpos(limb, 2) - tz;
            for (int c = 0; c < 3; c++) {
                out[o++] = dx * physics.xmat(torso, c) + dy * physics.xmat(torso, 3 + c) + dz * physics.xmat(torso, 6 + c);
            }
        }
        return o;
    }

    @Override
    public double reward(Physics physics) {
        double standing = Tolerance.tolerance(physics.xpos(head, 2), STAND_HEIGHT, Double.POSITIVE_INFINITY, STAND_HEIGHT / 4);
        double upright = Tolerance.tolerance(physics.xmat(torso, Physics.ZZ), 0.9, Double.POSITIVE_INFINITY, 1.9,
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
