package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * Hopper-v4 and Walker2d-v4, which share their reward and observation: reward = (rootx velocity + 1 healthy
 * reward) - 1e-3 x the float32 sum of squared actions, the healthy reward paid every step (terminate_when_unhealthy);
 * terminated when unhealthy: rootz (qpos[1]) outside its open z range or rooty (qpos[2]) outside its open angle
 * range, and for Hopper also any of qpos[2:] ++ qvel outside (-100, 100). Observation: qpos without rootx, then
 * qvel clipped to +-10. Reset noise uniform(+-5e-3) on qpos then qvel.
 */
final class PlanarWalker extends GymMujocoTask {

    /** Hopper's healthy ranges: z in (0.7, inf), angle in (-0.2, 0.2), state within (-100, 100). */
    static PlanarWalker hopper(Physics physics, int frameSkip) {
        return new PlanarWalker(physics, frameSkip, 0.7, Double.POSITIVE_INFINITY, 0.2, true);
    }

    /** Walker2d's healthy ranges: z in (0.8, 2.0), angle in (-1, 1), no state check. */
    static PlanarWalker walker2d(Physics physics, int frameSkip) {
        return new PlanarWalker(physics, frameSkip, 0.8, 2.0, 1.0, false);
    }

    private final double dt, minZ, maxZ, maxAngle;
    private final boolean checkState;
    private double xBefore;
    private boolean terminated;

    private PlanarWalker(Physics physics, int frameSkip, double minZ, double maxZ, double maxAngle, boolean checkState) {
        super(physics);
        this.dt = physics.timestep() * frameSkip;
        this.minZ = minZ;
        this.maxZ = maxZ;
        this.maxAngle = maxAngle;
        this.checkState = checkState;
    }

    @Override
    public int observationSize() {
        return physics.nq() - 1 + physics.nv();
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -5e-3, 5e-3, qpos);
        uniformNoise(rng, initQvel, -5e-3, 5e-3, qvel);
    }

    @Override
    public void beforeStep(double[] action) {
        xBefore = physics.qpos(0);
    }

    @Override
    public double afterStep(double[] action) {
        double xVelocity = (physics.qpos(0) - xBefore) / dt;
        double ctrlCost = 1e-3 * (double) NumpySums.sumOfSquares(action, action.length);
        double healthyReward = 1.0;
        terminated = !healthy();
        return (1.0 * xVelocity + healthyReward) - ctrlCost;
    }

    private boolean healthy() {
        double z = physics.qpos(1), angle = physics.qpos(2);
        boolean ok = minZ < z && z < maxZ && -maxAngle < angle && angle < maxAngle;
        if (checkState) {
            for (int i = 2; i < physics.nq(); i++) ok &= -100.0 < physics.qpos(i) && physics.qpos(i) < 100.0;
            for (int i = 0; i < physics.nv(); i++) ok &= -100.0 < physics.qvel(i) && physics.qvel(i) < 100.0;
        }
        return ok;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observation(double[] out, int offset) {
        int o = offset;
        for (int i = 1; i < physics.nq(); i++) out[o++] = physics.qpos(i);
        for (int i = 0; i < physics.nv(); i++) out[o++] = InvertedDoublePendulum.clip(physics.qvel(i), 10);
    }
}
