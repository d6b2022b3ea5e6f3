package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * HumanoidStandup-v4: reward = qpos[2] / timestep - 0.1 x sum of squared data.ctrl - min(0.5e-6 x sum of squared
 * cfrc_ext, 10) + 1; never terminates. Observation: {@link HumanoidBody}. Reset noise uniform(+-0.01) on qpos
 * then qvel.
 */
final class HumanoidStandup extends GymMujocoTask {

    private final HumanoidBody body;
    private final double timestep;

    HumanoidStandup(Physics physics) {
        super(physics);
        body = new HumanoidBody(physics);
        timestep = physics.timestep();
    }

    @Override
    public int observationSize() {
        return body.observationSize();
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -0.01, 0.01, qpos);
        uniformNoise(rng, initQvel, -0.01, 0.01, qvel);
    }

    @Override
    public double afterStep(double[] action) {
        double uphCost = (physics.qpos(2) - 0) / timestep;
        double quadCtrlCost = 0.1 * body.ctrlSquares();
        double quadImpactCost = Math.min(0.5e-6 * body.contactForceSquares(), 10);
        return uphCost - quadCtrlCost - quadImpactCost + 1;
    }

    @Override
    public void observation(double[] out, int offset) {
        body.observation(out, offset);
    }
}
