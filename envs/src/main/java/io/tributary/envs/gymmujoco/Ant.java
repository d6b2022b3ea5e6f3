package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Ant-v4 with its defaults (use_contact_forces=False): reward = (torso x velocity from the body frame's xpos
 * before and after + 1 healthy reward) - 0.5 x the float32 sum of squared actions; terminated when the state
 * (qpos ++ qvel) is not finite or the torso height qpos[2] leaves [0.2, 1.0] (closed). Observation (27): qpos
 * without the root's x and y, then qvel. Reset: qpos noise uniform(+-0.1), qvel noise 0.1 x standard_normal.
 */
final class Ant extends GymMujocoTask {

    private final double dt;
    private final int torso;
    private double xBefore;
    private boolean terminated;

    Ant(Physics physics, int frameSkip) {
        super(physics);
        dt = physics.timestep() * frameSkip;
        torso = physics.bodyId("torso");
    }

    @Override
    public int observationSize() {
        return physics.nq() - 2 + physics.nv();
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -0.1, 0.1, qpos);
        for (int i = 0; i < qvel.length; i++) qvel[i] = initQvel[i] + 0.1 * rng.standardNormal();
    }

    @Override
    public void beforeStep(double[] action) {
        xBefore = bodyX(torso, 0);
    }

    @Override
    public double afterStep(double[] action) {
        double xVelocity = (bodyX(torso, 0) - xBefore) / dt;
        double ctrlCost = 0.5 * (double) NumpySums.sumOfSquares(action, action.length);
        boolean finite = true;
        for (int i = 0; i < physics.nq(); i++) finite &= Double.isFinite(physics.qpos(i));
        for (int i = 0; i < physics.nv(); i++) finite &= Double.isFinite(physics.qvel(i));
        double z = physics.qpos(2);
        terminated = !(finite && 0.2 <= z && z <= 1.0);
        return (xVelocity + 1.0) - ctrlCost;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observation(double[] out, int offset) {
        int o = offset;
        for (int i = 2; i < physics.nq(); i++) out[o++] = physics.qpos(i);
        for (int i = 0; i < physics.nv(); i++) out[o++] = physics.qvel(i);
    }
}
