package io.tributary.envs.classic;

import io.tributary.envs.Box;
import io.tributary.envs.Step;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Gymnasium 0.29.1's {@code MountainCarContinuous-v0}: drive an underpowered car up the right hill. Reward
 * {@code -0.1 a^2} per step (on the unclipped action, as Gymnasium computes it) plus 100 on reaching the goal, which
 * terminates the episode; the 999-step time limit comes from the registry.
 *
 * <p>Float quirks reproduced: the reset state is float64 ({@code [uniform(-0.6, -0.4), 0]}), so the first step
 * starts from unrounded values; every step ends with the state stored as float32, which the next step reads back;
 * within a step the arithmetic is float64 (numpy 1.24 promotes float32 scalars mixed with Python floats).
 */
public final class ContinuousMountainCarEnv extends ClassicControlEnv {

    public static final String ID = "MountainCarContinuous-v0";
    public static final int MAX_EPISODE_STEPS = 999;

    private static final double MIN_ACTION = -1.0;
    private static final double MAX_ACTION = 1.0;
    private static final double MIN_POSITION = -1.2;
    private static final double MAX_POSITION = 0.6;
    private static final double MAX_SPEED = 0.07;
    private static final double GOAL_POSITION = 0.45;
    private static final double POWER = 0.0015;
    private final double goalVelocity;

    public ContinuousMountainCarEnv() {
        this(0);
    }

    /** With a goal velocity (Gymnasium's {@code goal_velocity=} keyword; 0 by default). */
    public ContinuousMountainCarEnv(double goalVelocity) {
        super(ID,
                new Box(new int[] {2}, new double[] {f32(MIN_POSITION), f32(-MAX_SPEED)},
                        new double[] {f32(MAX_POSITION), f32(MAX_SPEED)}, Box.DType.FLOAT32),
                Box.of(1, MIN_ACTION, MAX_ACTION, Box.DType.FLOAT32));
        this.goalVelocity = goalVelocity;
    }

    @Override
    protected double[] resetState(NumpyGenerator rng) {
        state = new double[] {rng.uniform(-0.6, -0.4), 0.0};
        return new double[] {f32(state[0]), f32(state[1])};
    }

    @Override
    protected Step advance(double[] action) {
        double a = f32(action[0]);
        double position = state[0];
        double velocity = state[1];
        double force = Math.min(Math.max(a, MIN_ACTION), MAX_ACTION);

        velocity += force * POWER - 0.0025 * StrictMath.cos(3 * position);
        if (velocity > MAX_SPEED) velocity = MAX_SPEED;
        if (velocity < -MAX_SPEED) velocity = -MAX_SPEED;
        position += velocity;
        if (position > MAX_POSITION) position = MAX_POSITION;
        if (position < MIN_POSITION) position = MIN_POSITION;
        if (position == MIN_POSITION && velocity < 0) velocity = 0;

        boolean terminated = position >= GOAL_POSITION && velocity >= goalVelocity;
        double reward = 0;
        if (terminated) reward = 100.0;
        reward -= StrictMath.pow(a, 2) * 0.1;

        state = new double[] {f32(position), f32(velocity)};
        return new Step(state.clone(), reward, terminated, false);
    }
}
