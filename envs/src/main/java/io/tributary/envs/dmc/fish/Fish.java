package io.tributary.envs.dmc.fish;

import io.tributary.envs.dmc.DmTask;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.ModelFiles;
import io.tributary.envs.dmc.NumpyLinalg;
import io.tributary.envs.dmc.ObsKey;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Tolerance;
import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * dm_control's fish upright / swim (facts 5.12): a free-floating fish with a two-part tail and two fins, no gravity
 * and no constraints. Each episode starts in a random orientation (a normalised {@code randn(4)} quaternion, so
 * often upside down) with every fin and tail joint in U(-0.2, 0.2). upright: reward {@code 0.1^((1 - zz)^2)} for the
 * torso's z-axis against the world's; swim additionally places a target sphere at random and rewards the mouth inside
 * it (7/8 of the reward) beside uprightness (1/8).
 */
public final class Fish implements DmTask {

    /** dm_control's joint order for joint_angles (and the order of the reset draws). */
    private static final String[] JOINTS =
            {"tail1", "tail_twist", "tail2", "finright_roll", "finright_pitch", "finleft_roll", "finleft_pitch"};
    private static final double JOINT_RANGE = 0.2;
    private static final double TARGET_XY = 0.4, TARGET_Z_LOW = 0.1, TARGET_Z_HIGH = 0.3;
    private static final int ROOT_QUAT = 3;

    private static final List<ObsKey> UPRIGHT_KEYS =
            List.of(new ObsKey("joint_angles", JOINTS.length), new ObsKey("upright", 1), new ObsKey("velocity", 13));
    private static final List<ObsKey> SWIM_KEYS = List.of(new ObsKey("joint_angles", JOINTS.length),
            new ObsKey("target", 3), new ObsKey("upright", 1), new ObsKey("velocity", 13));

    public static List<DmTaskSpec> specs() {
        return List.of(
                new DmTaskSpec("fish", "upright", () -> ModelFiles.read("fish.xml"), p -> new Fish(p, false)),
                new DmTaskSpec("fish", "swim", () -> ModelFiles.read("fish.xml"), p -> new Fish(p, true)));
    }

    private final boolean swim;
    private final int rootQpos, torso, mouth, target;
    private final int[] jointQpos = new int[JOINTS.length];
    private final double[] quat = new double[4];

    public Fish(Physics physics, boolean swim) {
        this.swim = swim;
        this.rootQpos = physics.jointQposAdr(physics.jointId("root"));
        for (int j = 0; j < JOINTS.length; j++) jointQpos[j] = physics.jointQposAdr(physics.jointId(JOINTS[j]));
        this.torso = physics.bodyId("torso");
        this.mouth = physics.geomId("mouth");
        this.target = physics.geomId("target");
        if (physics.nv() != 13) throw new IllegalArgumentException("fish needs nv = 13, the model has " + physics.nv());
    }

    @Override public double controlTimestep() { return 0.04; }
    @Override public double timeLimit() { return 40; }
    @Override public List<ObsKey> observationKeys() { return swim ? SWIM_KEYS : UPRIGHT_KEYS; }

    @Override
    public void initializeEpisode(Physics physics, RandomState random) {
        // the root keeps its position (0, 0, 0.1); its orientation is randn(4) / np.linalg.norm
        random.randn(quat);
        NumpyLinalg.normalize(quat);
        for (int k = 0; k < 4; k++) physics.setQpos(rootQpos + ROOT_QUAT + k, quat[k]);
        for (int q : jointQpos) physics.setQpos(q, random.uniform(-JOINT_RANGE, JOINT_RANGE));
        if (swim) {
            physics.setGeomPos(target, 0, random.uniform(-TARGET_XY, TARGET_XY));
            physics.setGeomPos(target, 1, random.uniform(-TARGET_XY, TARGET_XY));
            physics.setGeomPos(target, 2, random.uniform(TARGET_Z_LOW, TARGET_Z_HIGH));
        }
        // upright hides the target (geom_rgba alpha 0): rendering only
    }

    @Override
    public void observation(Physics physics, double[] out, int offset) {
        int o = offset;
        for (int q : jointQpos) out[o++] = physics.qpos(q);
        if (swim) {
            for (int c = 0; c < 3; c++) out[o++] = mouthToTarget(physics, c);
        }
        out[o++] = upright(physics);
        for (int v = 0; v < 13; v++) out[o++] = physics.qvel(v);
    }

    /** The torso's zz: the z-component of its z-axis (1 upright, -1 upside down). */
    private double upright(Physics physics) {
        return physics.xmat(torso, Physics.ZZ);
    }

    /** Component {@code c} of the mouth-to-target vector in the mouth geom's frame: {@code (target - mouth) . R_mouth}. */
    private double mouthToTarget(Physics physics, int c) {
        double dx = physics.geomXpos(target, 0) - physics.geomXpos(mouth, 0);
        double dy = physics.geomXpos(target, 1) - physics.geomXpos(mouth, 1);
        double dz = physics.geomXpos(target, 2) - physics.geomXpos(mouth, 2);
        return dx * physics.geomXmat(mouth, c) + dy * physics.geomXmat(mouth, 3 + c) + dz * physics.geomXmat(mouth, 6 + c);
    }

    @Override
    public double reward(Physics physics) {
        double zz = upright(physics);
        if (!swim) return Tolerance.tolerance(zz, 1, 1, 1);
        double x = mouthToTarget(physics, 0), y = mouthToTarget(physics, 1), z = mouthToTarget(physics, 2);
        double radii = physics.geomSize(mouth, 0) + physics.geomSize(target, 0);
        double inTarget = Tolerance.tolerance(NumpyLinalg.norm(x, y, z), 0, radii, 2 * radii);
        double isUpright = 0.5 * (zz + 1);
        return (7 * inTarget + isUpright) / 8;
    }
}
