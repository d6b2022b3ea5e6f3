package io.tributary.envs.dmc.manipulator;

import io.tributary.envs.dmc.NumpyLinalg;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;

/**
 * The four-link arm and two-finger hand that manipulator and stacker share (facts 6.1, 6.2), bound to one copy's
 * {@link Physics}: its reset draw, its observations (arm_pos, arm_vel, touch, hand_pos) and the planar poses and site
 * distances both tasks read.
 */
public final class PlanarArm {

    /** dm_control's {@code _ARM_JOINTS}: the order of the reset draw, arm_pos and arm_vel (not the model's order). */
    static final String[] JOINTS = {"arm_root", "arm_shoulder", "arm_elbow", "arm_wrist", "finger", "fingertip", "thumb",
            "thumbtip"};
    /** Sizes of the arm's observation keys. */
    public static final int POS_SIZE = 2 * JOINTS.length, VEL_SIZE = JOINTS.length, POSE_SIZE = 4;

    private final int[] qposAdr = new int[JOINTS.length], dofAdr = new int[JOINTS.length];
    private final double[] low = new double[JOINTS.length], high = new double[JOINTS.length];
    /** dm_control's {@code _TOUCH_SENSORS}, the order of the touch observation. */
    private static final String[] TOUCH_SENSORS = {"palm_touch", "finger_touch", "thumb_touch", "fingertip_touch",
            "thumbtip_touch"};
    public static final int TOUCH_SIZE = TOUCH_SENSORS.length;

    private final int[] touchAdr = new int[TOUCH_SIZE];
    private final int fingerQpos, thumbQpos, hand;

    public PlanarArm(Physics physics) {
        for (int i = 0; i < JOINTS.length; i++) {
            int j = physics.jointId(JOINTS[i]);
            qposAdr[i] = physics.jointQposAdr(j);
            dofAdr[i] = physics.jointDofAdr(j);
            // the one unlimited joint, arm_root, is drawn in [-pi, pi]
            low[i] = physics.jointLimited(j) ? physics.jointRangeLow(j) : -Math.PI;
            high[i] = physics.jointLimited(j) ? physics.jointRangeHigh(j) : Math.PI;
        }
        fingerQpos = physics.jointQposAdr(physics.jointId("finger"));
        thumbQpos = physics.jointQposAdr(physics.jointId("thumb"));
        hand = physics.bodyId("hand");
        for (int k = 0; k < TOUCH_SIZE; k++) touchAdr[k] = physics.sensorAdr(physics.sensorId(TOUCH_SENSORS[k]));
        // stacker's touch is log1p of all sensordata: the same five values only while they are the model's only sensors
        if (physics.mjModel().size("nsensordata") != TOUCH_SIZE) {
            throw new IllegalStateException("the planar arm's model must have exactly its " + TOUCH_SIZE
                    + " touch sensors, it has " + physics.mjModel().size("nsensordata") + " sensor values");
        }
    }

    /** Each arm joint uniform in its range (one vector draw, in {@link #JOINTS} order), then the finger set to the thumb. */
    public void randomize(Physics physics, RandomState random) {
        for (int i = 0; i < JOINTS.length; i++) physics.setQpos(qposAdr[i], random.uniform(low[i], high[i]));
        physics.setQpos(fingerQpos, physics.qpos(thumbQpos));
    }

    /** arm_pos: [sin q, cos q] per joint of {@link #JOINTS}; returns the offset after it. */
    public int armPos(Physics physics, double[] out, int o) {
        for (int adr : qposAdr) {
            double q = physics.qpos(adr);
            out[o++] = Math.sin(q);
            out[o++] = Math.cos(q);
        }
        return o;
    }

    /** arm_vel: qvel per joint of {@link #JOINTS}; returns the offset after it. */
    public int armVel(Physics physics, double[] out, int o) {
        for (int adr : dofAdr) out[o++] = physics.qvel(adr);
        return o;
    }

    /** touch: log1p of the palm, finger, thumb, fingertip and thumbtip touch sensors; returns the offset after it. */
    public int touch(Physics physics, double[] out, int o) {
        for (int adr : touchAdr) out[o++] = Math.log1p(physics.sensordata(adr));
        return o;
    }

    /** hand_pos: the hand's {@link #pose}; returns the offset after it. */
    public int handPos(Physics physics, double[] out, int o) {
        return pose(physics, hand, out, o);
    }

    /** dm_control's {@code body_2d_pose}: [x, z, qw, qy] of body {@code b}; returns the offset after it. */
    public static int pose(Physics physics, int b, double[] out, int o) {
        out[o++] = physics.xpos(b, 0);
        out[o++] = physics.xpos(b, 2);
        out[o++] = physics.xquat(b, 0);
        out[o++] = physics.xquat(b, 2);
        return o;
    }

    /** dm_control's {@code site_distance}: {@code np.linalg.norm} of the difference of two sites' positions. */
    public static double siteDistance(Physics physics, int site1, int site2) {
        return NumpyLinalg.norm(physics.siteXpos(site1, 0) - physics.siteXpos(site2, 0),
                physics.siteXpos(site1, 1) - physics.siteXpos(site2, 1),
                physics.siteXpos(site1, 2) - physics.siteXpos(site2, 2));
    }
}
