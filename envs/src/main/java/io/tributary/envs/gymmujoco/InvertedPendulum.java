package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * InvertedPendulum-v4: reward 1 every step; terminated when the observation is not finite or the pole angle
 * |qpos[1]| exceeds 0.2 rad; observation qpos ++ qvel (4); reset noise uniform(+-0.01) on qpos then qvel.
 */
final class InvertedPendulum extends GymMujocoTask {

    private boolean terminated;

    InvertedPendulum(Physics physics) {
        super(physics);
    }

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -0.01, 0.01, qpos);
        uniformNoise(rng, initQvel, -0.01, 0.01, qvel);
    }

    @Override
    public double afterStep(double[] action) {
        boolean finite = true;
        for (int i = 0; i < 2; i++) finite &= Double.isFinite(physics.qpos(i)) && Double.isFinite(physics.qvel(i));
        terminated = !finite || Math.abs(physics.qpos(1)) > 0.2;
        return 1.0;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observation(double[] out, int offset) {
        out[offset] = physics.qpos(0);
        out[offset + 1] = physics.qpos(1);
        out[offset + 2] = physics.qvel(0);
        out[offset + 3] = physics.qvel(1);
    }
}
