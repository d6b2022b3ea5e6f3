package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.NumpyGenerator;

/**
 * InvertedDoublePendulum-v4: reward 10 - (0.01 x^2 + (y - 2)^2) - (1e-3 v1^2 + 5e-3 v2^2) from the tip site's
 * world x, z and the two hinge velocities; terminated when the tip's z is at most 1. Observation (11): cart x,
 * sin and cos of both hinge angles, qvel clipped to +-10, qfrc_constraint clipped to +-10. Reset: qpos noise
 * uniform(+-0.1), qvel noise standard_normal * 0.1.
 */
final class InvertedDoublePendulum extends GymMujocoTask {

    private final int tip;
    private final MjArray qfrcConstraint;
    private boolean terminated;

    InvertedDoublePendulum(Physics physics) {
        super(physics);
        tip = physics.siteId("tip");
        qfrcConstraint = physics.data("qfrc_constraint");
    }

    @Override
    public int observationSize() {
        return 11;
    }

    @Override
    public void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel) {
        uniformNoise(rng, initQpos, -0.1, 0.1, qpos);
        for (int i = 0; i < qvel.length; i++) qvel[i] = initQvel[i] + rng.standardNormal() * 0.1;
    }

    @Override
    public double afterStep(double[] action) {
        double x = physics.siteXpos(tip, 0);
        double y = physics.siteXpos(tip, 2);
        double distPenalty = 0.01 * x * x + (y - 2) * (y - 2);
        double v1 = physics.qvel(1), v2 = physics.qvel(2);
        double velPenalty = 1e-3 * v1 * v1 + 5e-3 * v2 * v2;
        terminated = y <= 1;
        return 10 - distPenalty - velPenalty;
    }

    @Override
    public boolean terminated() {
        return terminated;
    }

    @Override
    public void observation(double[] out, int offset) {
        out[offset] = physics.qpos(0);
        out[offset + 1] = StrictMath.sin(physics.qpos(1));
        out[offset + 2] = StrictMath.sin(physics.qpos(2));
        out[offset + 3] = StrictMath.cos(physics.qpos(1));
        out[offset + 4] = StrictMath.cos(physics.qpos(2));
        for (int i = 0; i < 3; i++) out[offset + 5 + i] = clip(physics.qvel(i), 10);
        for (int i = 0; i < 3; i++) out[offset + 8 + i] = clip(qfrcConstraint.get(i), 10);
    }

    static double clip(double v, double bound) {
        return Math.max(-bound, Math.min(bound, v));
    }
}
