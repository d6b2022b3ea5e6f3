package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Reacher-v4. The reward is computed <em>before</em> the simulation step, from the state the previous step left:
 * {@code -|fingertip - target|} (body frames) minus the float32 sum of squared actions. Never terminates.
 * Observation (11): cos and sin of both arm angles, the target's two slide positions, the arm's two velocities,
 * fingertip - target. Reset: qpos noise uniform(+-0.1), then goals uniform(+-0.2, size 2) until inside the
 * radius-0.2 disc (written to the target slides), then qvel noise uniform(+-0.005) with the target's set to 0.
 */
final class Reacher extends GymMujocoTask {

    private final int fingertip, target;
    private double reward;

    Reacher(Physics physics) {
        super(physics);
        fingertip = physics.bodyId("fingertip");
        target = physics.bodyId("target");
    }

    @Override
    public int observationSize() {
        return 11;
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        for (int i = 0; i < qpos.length; i++) qpos[i] = rng.uniform(-0.1, 0.1) + initQpos[i];
        double gx, gy;
        do {
            gx = rng.uniform(-0.2, 0.2);
            gy = rng.uniform(-0.2, 0.2);
        } while (!(Math.sqrt(gx * gx + gy * gy) < 0.2));
        qpos[qpos.length - 2] = gx;
        qpos[qpos.length - 1] = gy;
        uniformNoise(rng, initQvel, -0.005, 0.005, qvel);
        qvel[qvel.length - 2] = 0;
        qvel[qvel.length - 1] = 0;
    }

    @Override
    public void beforeStep(double[] action) {
        double dx = bodyX(fingertip, 0) - bodyX(target, 0);
        double dy = bodyX(fingertip, 1) - bodyX(target, 1);
        double dz = bodyX(fingertip, 2) - bodyX(target, 2);
        double rewardDist = -Math.sqrt(dx * dx + dy * dy + dz * dz);
        double rewardCtrl = -NumpySums.sumOfSquares(action, action.length);
        reward = rewardDist + rewardCtrl;
    }

    @Override
    public double afterStep(double[] action) {
        return reward;
    }

    @Override
    public void observation(double[] out, int offset) {
        double t0 = physics.qpos(0), t1 = physics.qpos(1);
        out[offset] = StrictMath.cos(t0);
        out[offset + 1] = StrictMath.cos(t1);
        out[offset + 2] = StrictMath.sin(t0);
        out[offset + 3] = StrictMath.sin(t1);
        out[offset + 4] = physics.qpos(2);
        out[offset + 5] = physics.qpos(3);
        out[offset + 6] = physics.qvel(0);
        out[offset + 7] = physics.qvel(1);
        for (int k = 0; k < 3; k++) out[offset + 8 + k] = bodyX(fingertip, k) - bodyX(target, k);
    }
}
