package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Pusher-v4. The reward is computed before the simulation step, from the state the previous step left:
 * {@code -|object - goal| + 0.1 x (-float32 sum of squared actions) + 0.5 x (-|object - tips_arm|)} (body frames).
 * Never terminates. Observation (23): the arm's 7 joint positions and velocities, then the tips_arm, object and
 * goal body positions. Reset: the arm starts at init_qpos without noise; the puck at (uniform(-0.3, 0), uniform(-0.2,
 * 0.2)) redrawn until farther than 0.17 from the goal at (0, 0); qvel noise uniform(+-0.005), the last four set to 0.
 * Gymnasium writes the puck and goal into {@code init_qpos} itself (its qpos aliases it), and so does this task.
 */
final class Pusher extends GymMujocoTask {

    private final int tipsArm, object, goal;
    private double reward;

    Pusher(Physics physics) {
        super(physics);
        tipsArm = physics.bodyId("tips_arm");
        object = physics.bodyId("object");
        goal = physics.bodyId("goal");
    }

    @Override
    public int observationSize() {
        return 23;
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        double cx, cy;
        do {
            cx = rng.uniform(-0.3, 0);
            cy = rng.uniform(-0.2, 0.2);
        } while (!(Math.sqrt(cx * cx + cy * cy) > 0.17));
        int n = initQpos.length;
        initQpos[n - 4] = cx;
        initQpos[n - 3] = cy;
        initQpos[n - 2] = 0;
        initQpos[n - 1] = 0;
        System.arraycopy(initQpos, 0, qpos, 0, n);
        uniformNoise(rng, initQvel, -0.005, 0.005, qvel);
        for (int i = qvel.length - 4; i < qvel.length; i++) qvel[i] = 0;
    }

    @Override
    public void beforeStep(double[] action) {
        double rewardNear = -distance(object, tipsArm);
        double rewardDist = -distance(object, goal);
        double rewardCtrl = -NumpySums.sumOfSquares(action, action.length);
        reward = rewardDist + 0.1 * rewardCtrl + 0.5 * rewardNear;
    }

    private double distance(int a, int b) {
        double dx = bodyX(a, 0) - bodyX(b, 0), dy = bodyX(a, 1) - bodyX(b, 1), dz = bodyX(a, 2) - bodyX(b, 2);
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Override
    public double afterStep(double[] action) {
        return reward;
    }

    @Override
    public void observation(double[] out, int offset) {
        int o = offset;
        for (int i = 0; i < 7; i++) out[o++] = physics.qpos(i);
        for (int i = 0; i < 7; i++) out[o++] = physics.qvel(i);
        for (int k = 0; k < 3; k++) out[o++] = bodyX(tipsArm, k);
        for (int k = 0; k < 3; k++) out[o++] = bodyX(object, k);
        for (int k = 0; k < 3; k++) out[o++] = bodyX(goal, k);
    }
}
