package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjArray;

/**
 * What Humanoid-v4 and HumanoidStandup-v4 share: their 376-entry observation (qpos without the root's x and y,
 * qvel, cinert, cvel, qfrc_actuator, cfrc_ext, each flattened row-major; cfrc_ext is filled by the step's
 * mj_rnePostConstraint), and numpy-ordered sums of squares over data.ctrl and cfrc_ext.
 */
final class HumanoidBody {

    private final Physics physics;
    private final MjArray cinert, cvel, qfrcActuator, cfrcExt;
    private final int nbody;
    private final double[] scratch;

    HumanoidBody(Physics physics) {
        this.physics = physics;
        cinert = physics.data("cinert");
        cvel = physics.data("cvel");
        qfrcActuator = physics.data("qfrc_actuator");
        cfrcExt = physics.data("cfrc_ext");
        nbody = physics.mjModel().size("nbody");
        scratch = new double[Math.max(6 * nbody, physics.nu())];
    }

    int observationSize() {
        return physics.nq() - 2 + physics.nv() + 10 * nbody + 6 * nbody + physics.nv() + 6 * nbody;
    }

    void observation(double[] out, int offset) {
        int o = offset;
        for (int i = 2; i < physics.nq(); i++) out[o++] = physics.qpos(i);
        for (int i = 0; i < physics.nv(); i++) out[o++] = physics.qvel(i);
        for (int i = 0; i < 10 * nbody; i++) out[o++] = cinert.get(i);
        for (int i = 0; i < 6 * nbody; i++) out[o++] = cvel.get(i);
        for (int i = 0; i < physics.nv(); i++) out[o++] = qfrcActuator.get(i);
        for (int i = 0; i < 6 * nbody; i++) out[o++] = cfrcExt.get(i);
    }

    /** {@code np.square(data.ctrl).sum()} (float64: ctrl holds the float32 action widened). */
    double ctrlSquares() {
        int nu = physics.nu();
        for (int i = 0; i < nu; i++) scratch[i] = physics.ctrl(i);
        return NumpySums.sumOfSquares64(scratch, nu);
    }

    /** {@code np.square(data.cfrc_ext).sum()}. */
    double contactForceSquares() {
        int n = 6 * nbody;
        for (int i = 0; i < n; i++) scratch[i] = cfrcExt.get(i);
        return NumpySums.sumOfSquares64(scratch, n);
    }
}
