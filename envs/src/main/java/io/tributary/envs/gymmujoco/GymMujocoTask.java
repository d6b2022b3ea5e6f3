package io.tributary.envs.gymmujoco;

import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.NumpyGenerator;

/**
 * The task half of one Gymnasium 0.29.1 MuJoCo v4 environment copy: its reset noise ({@code reset_model}), reward
 * terms, termination and observation ({@code _get_obs}). {@link GymMujocoEnv} owns the shared half (the physics,
 * {@code frame_skip}, the generator). One instance per copy; names are resolved to ids at construction.
 *
 * <p>A step is {@link #beforeStep} (state the reward needs from before the simulation, e.g. the x position),
 * the simulation, then {@link #afterStep}, which returns the reward and leaves {@link #terminated()} set.
 */
public abstract class GymMujocoTask {

    protected final Physics physics;

    protected GymMujocoTask(Physics physics) {
        this.physics = physics;
    }

    /** Length of {@link #observation}. */
    public abstract int observationSize();

    /**
     * {@code reset_model}'s draws: writes the new qpos and qvel (nq and nv doubles) from {@code init_qpos},
     * {@code init_qvel} and {@code rng}, in Gymnasium's draw order. The env then calls {@code set_state}.
     */
    public abstract void resetState(NumpyGenerator rng, double[] initQpos, double[] initQvel, double[] qpos, double[] qvel);

    /** Called before the simulation advances; {@code action} holds the float32 values the env was given. */
    public void beforeStep(double[] action) {}

    /** Called after the simulation advanced; returns the reward and sets what {@link #terminated()} reports. */
    public abstract double afterStep(double[] action);

    /** Gymnasium's {@code terminated} of the last step (false for the tasks that never terminate). */
    public boolean terminated() {
        return false;
    }

    /** {@code _get_obs()} into {@code out} at {@code offset}. */
    public abstract void observation(double[] out, int offset);

    /** {@code init_qpos[i] + uniform(low, high)} for every i, drawing in index order (numpy's {@code size=n}). */
    protected static void uniformNoise(NumpyGenerator rng, double[] init, double low, double high, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = init[i] + rng.uniform(low, high);
    }

    /** The x/y/z world position of body {@code body}'s frame ({@code data.body(name).xpos}, get_body_com). */
    protected final double bodyX(int body, int k) {
        return physics.xpos(body, k);
    }
}
