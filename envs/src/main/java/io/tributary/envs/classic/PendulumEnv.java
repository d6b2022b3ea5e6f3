package io.tributary.envs.classic;

import io.tributary.envs.Box;
import io.tributary.envs.Step;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Gymnasium 0.29.1's {@code Pendulum-v1}: swing a pendulum up and hold it. State (theta, theta_dot) in float64;
 * observation (cos theta, sin theta, theta_dot) rounded to float32; reward minus the cost
 * {@code angle_normalize(theta)^2 + 0.1 theta_dot^2 + 0.001 u^2}; never terminates (the 200-step time limit comes
 * from the registry).
 */
public final class PendulumEnv extends ClassicControlEnv {

    public static final String ID = "Pendulum-v1";
    public static final int MAX_EPISODE_STEPS = 200;

    private static final double MAX_SPEED = 8;
    private static final double MAX_TORQUE = 2.0;
    private static final double DT = 0.05;
    private static final double M = 1.0;
    private static final double L = 1.0;
    private final double g;

    public PendulumEnv() {
        this(10.0);
    }

    /** With gravity {@code g} (Gymnasium's {@code g=} keyword; 10.0 by default). */
    public PendulumEnv(double g) {
        super(ID,
                new Box(new int[] {3}, new double[] {-1, -1, -MAX_SPEED}, new double[] {1, 1, MAX_SPEED}, Box.DType.FLOAT32),
                Box.of(1, -MAX_TORQUE, MAX_TORQUE, Box.DType.FLOAT32));
        this.g = g;
    }

    @Override
    protected double[] resetState(NumpyGenerator rng) {
        state = rng.uniform(new double[] {-Math.PI, -1.0}, new double[] {Math.PI, 1.0});
        return observation();
    }

    @Override
    protected Step advance(double[] action) {
        double th = state[0];
        double thdot = state[1];
        // The action arrives as a float32 array and np.clip keeps float32; the rest is float64 arithmetic
        // (numpy 1.24 promotes a float32 scalar mixed with Python numbers to float64).
        double u = Math.min(Math.max(f32(action[0]), -MAX_TORQUE), MAX_TORQUE);
        double an = angleNormalize(th);
        double costs = an * an + 0.1 * (thdot * thdot) + 0.001 * (u * u);
        double newthdot = thdot + (3 * g / (2 * L) * StrictMath.sin(th) + 3.0 / (M * L * L) * u) * DT;
        newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
        double newth = th + newthdot * DT;
        state = new double[] {newth, newthdot};
        return new Step(observation(), -costs, false, false);
    }

    private double[] observation() {
        return new double[] {f32(StrictMath.cos(state[0])), f32(StrictMath.sin(state[0])), f32(state[1])};
    }

    /** {@code ((x + pi) % (2 pi)) - pi} with Python's floored modulo (the sign follows the divisor). */
    static double angleNormalize(double x) {
        return pyMod(x + Math.PI, 2 * Math.PI) - Math.PI;
    }

    /** numpy's float remainder: fmod, moved into the divisor's sign. */
    static double pyMod(double a, double b) {
        double mod = a % b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) mod += b;
        } else {
            mod = Math.copySign(0.0, b);
        }
        return mod;
    }
}
