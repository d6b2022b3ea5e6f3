package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Swimmer-v4: reward = x velocity of the root ((x after - x before) / dt) - 1e-4 x the float32 sum of squared
 * actions; never terminates. Observation (8): qpos without the two root slides, then qvel. Reset noise
 * uniform(+-0.1) on qpos then qvel.
 */
final class Swimmer extends GymMujocoTask {

    private final double dt;
    private double xBefore;

    Swimmer(Physics physics, int frameSkip) {
        super(physics);
        dt = physics.timestep() * frameSkip;
    }

    @Override
    public int observationSize() {
        return physics.nq() - 2 + physics.nv();
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -0.1, 0.1, qpos);
        uniformNoise(rng, initQvel, -0.1, 0.1, qvel);
    }

    @Override
    public void beforeStep(double[] action) {
        xBefore = physics.qpos(0);
    }

    @Override
    public double afterStep(double[] action) {
        double xVelocity = (physics.qpos(0) - xBefore) / dt;
        double forwardReward = 1.0 * xVelocity;
        double ctrlCost = 1e-4 * (double) NumpySums.sumOfSquares(action, action.length);
        return forwardReward - ctrlCost;
    }

    @Override
    public void observation(double[] out, int offset) {
        int o = offset;
        for (int i = 2; i < physics.nq(); i++) out[o++] = physics.qpos(i);
        for (int i = 0; i < physics.nv(); i++) out[o++] = physics.qvel(i);
    }
}
