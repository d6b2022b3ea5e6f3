package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * HalfCheetah-v4: reward = rootx velocity ((x after - x before) / dt) - 0.1 x the float32 sum of squared actions;
 * never terminates. Observation (17): qpos without rootx, then qvel. Reset: qpos noise uniform(+-0.1), qvel noise
 * 0.1 x standard_normal.
 */
final class HalfCheetah extends GymMujocoTask {

    private final double dt;
    private double xBefore;

    HalfCheetah(Physics physics, int frameSkip) {
        super(physics);
        dt = physics.timestep() * frameSkip;
    }

    @Override
    public int observationSize() {
        return physics.nq() - 1 + physics.nv();
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -0.1, 0.1, qpos);
        for (int i = 0; i < qvel.length; i++) qvel[i] = initQvel[i] + 0.1 * rng.standardNormal();
    }

    @Override
    public void beforeStep(double[] action) {
        xBefore = physics.qpos(0);
    }

    @Override
    public double afterStep(double[] action) {
        double xVelocity = (physics.qpos(0) - xBefore) / dt;
        double ctrlCost = 0.1 * (double) NumpySums.sumOfSquares(action, action.length);
        return 1.0 * xVelocity - ctrlCost;
    }

    @Override
    public void observation(double[] out, int offset) {
        int o = offset;
        for (int i = 1; i < physics.nq(); i++) out[o++] = physics.qpos(i);
        for (int i = 0; i < physics.nv(); i++) out[o++] = physics.qvel(i);
    }
}
