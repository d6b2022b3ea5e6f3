package io.tributary.envs.dmc;

import io.tributary.envs.random.RandomState;

/** dm_control's {@code suite/utils/randomizers.py} (facts 1.5). */
public final class Randomizers {

    private static final int FREE = 0, BALL = 1, SLIDE = 2, HINGE = 3;

    private Randomizers() {}

    /**
     * {@code randomize_limited_and_rotational_joints}: joints in model order; limited hinge/slide
     * {@code uniform(range)}, unlimited hinge {@code uniform(-pi, pi)}, unlimited slide untouched, limited ball a
     * random axis ({@code randn(3)}) and angle {@code rand()*range_hi}, unlimited ball normalised {@code randn(4)},
     * free joints keep their position and get a normalised {@code rand(4)} quaternion.
     */
    public static void randomizeLimitedAndRotationalJoints(Physics physics, RandomState random) {
        int njnt = physics.njnt();
        for (int j = 0; j < njnt; j++) {
            int type = physics.jointType(j);
            boolean limited = physics.jointLimited(j);
            int adr = physics.jointQposAdr(j);
            double lo = physics.jointRangeLow(j);
            double hi = physics.jointRangeHigh(j);
            switch (type) {
                case HINGE -> physics.setQpos(adr, limited ? random.uniform(lo, hi) : random.uniform(-Math.PI, Math.PI));
                case SLIDE -> {
                    if (limited) physics.setQpos(adr, random.uniform(lo, hi));
                }
                case BALL -> {
                    double[] q;
                    if (limited) {
                        double[] axis = new double[3];
                        random.randn(axis);
                        NumpyLinalg.normalize(axis);
                        double angle = random.randomSample() * hi;
                        q = axisAngleToQuat(axis, angle);
                    } else {
                        q = new double[4];
                        random.randn(q);
                        normalize(q);
                    }
                    for (int k = 0; k < 4; k++) physics.setQpos(adr + k, q[k]);
                }
                case FREE -> {
                    double[] q = new double[4];
                    for (int k = 0; k < 4; k++) q[k] = random.randomSample();
                    normalize(q);
                    for (int k = 0; k < 4; k++) physics.setQpos(adr + 3 + k, q[k]);
                }
                default -> throw new IllegalStateException("unknown joint type " + type);
            }
        }
    }

    /**
     * dm_control's reset rejection loop (ball_in_cup, finger, humanoid, ...): {@code draw} a start, forward with
     * actuation off, repeat while anything touches ({@code ncon > 0}). {@code failure} begins the error raised after
     * {@code maxAttempts} draws.
     */
    public static void drawUntilContactFree(Physics physics, int maxAttempts, String failure, Runnable draw) {
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            draw.run();
            physics.forwardWithoutActuation();
            if (physics.ncon() == 0) return;
        }
        throw new IllegalStateException(failure + " in " + maxAttempts + " attempts");
    }

    /** {@code q / np.linalg.norm(q)}, with numpy's rounding ({@link NumpyLinalg}). */
    static void normalize(double[] q) {
        NumpyLinalg.normalize(q);
    }

    /** MuJoCo's {@code mju_axisAngle2Quat} for a unit axis. */
    static double[] axisAngleToQuat(double[] axis, double angle) {
        double s = Math.sin(angle * 0.5);
        return new double[] {Math.cos(angle * 0.5), axis[0] * s, axis[1] * s, axis[2] * s};
    }
}
