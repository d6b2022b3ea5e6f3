package io.tributary.envs.gymmujoco;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.NumpyGenerator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One Gymnasium 0.29.1 MuJoCo v4 environment ({@code MujocoEnv}) without its TimeLimit (the provider adds it):
 * <ul>
 *   <li>reset: {@code mj_resetData}, the task's noise from {@code np_random} (numpy {@code default_rng(seed)}), then
 *       {@code set_state}: qpos, qvel, {@code mj_forward};</li>
 *   <li>step: ctrl = action, {@code mj_step} x {@code frame_skip}, {@code mj_rnePostConstraint}, then the task's
 *       reward, termination and observation;</li>
 *   <li>{@code init_qpos} is the model's qpos0 and {@code init_qvel} zero, as read from a fresh MjData;</li>
 *   <li>the action space is float32 from the actuators' ctrlrange: actions are rounded to float32 first (what
 *       Gymnasium receives from a float32 policy), and not clipped (Gymnasium does not clip either);</li>
 *   <li>observations are float64, unbounded.</li>
 * </ul>
 * MuJoCo warnings do not end an episode (Gymnasium does not look at them); {@link #lastErrorFlags()} reports them.
 */
public final class GymMujocoEnv implements Env {

    private final GymMujocoSpec spec;
    private final Physics physics;
    private final GymMujocoTask task;
    private final int nq, nv, nu;
    private final double[] initQpos, initQvel, qpos, qvel, action;
    private final Box observationSpace, actionSpace;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment nativeAction;
    private NumpyGenerator rng;
    private boolean needsReset = true;
    private int lastErrorFlags;

    public GymMujocoEnv(GymMujocoSpec spec) {
        this.spec = spec;
        this.physics = spec.newPhysics();
        try {
            this.task = spec.task().apply(physics);
        } catch (RuntimeException | Error e) {
            physics.close();
            arena.close();
            throw e;
        }
        nq = physics.nq();
        nv = physics.nv();
        nu = physics.nu();
        initQpos = new double[nq];
        for (int i = 0; i < nq; i++) initQpos[i] = physics.qpos(i); // a fresh MjData holds qpos0
        initQvel = new double[nv];
        qpos = new double[nq];
        qvel = new double[nv];
        action = new double[nu];
        nativeAction = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, nu));
        observationSpace = Box.of(task.observationSize(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Box.DType.FLOAT64);
        actionSpace = actionSpace(physics);
    }

    /** {@code _set_action_space}: actuator_ctrlrange cast to float32. */
    static Box actionSpace(Physics physics) {
        int nu = physics.nu();
        double[] lo = new double[nu], hi = new double[nu];
        MjArray range = physics.model("actuator_ctrlrange");
        for (int i = 0; i < nu; i++) {
            lo[i] = (float) range.get(i, 0);
            hi[i] = (float) range.get(i, 1);
        }
        return new Box(new int[] {nu}, lo, hi, Box.DType.FLOAT32);
    }

    @Override
    public String id() {
        return spec.id();
    }

    public GymMujocoSpec spec() { return spec; }
    public Physics physics() { return physics; }
    public GymMujocoTask task() { return task; }
    /** {@code init_qpos} (a copy). */
    public double[] initQpos() { return initQpos.clone(); }
    /** {@code dt}: timestep x frame_skip. */
    public double dt() { return physics.timestep() * spec.frameSkip(); }
    /** The MjData.ERR_* flags of the last step (warnings, non-finite state, a MuJoCo error); 0 when clean. */
    public int lastErrorFlags() { return lastErrorFlags; }

    @Override
    public Box observationSpace() { return observationSpace; }

    @Override
    public Box actionSpace() { return actionSpace; }

    @Override
    public double[] reset(long seed) {
        rng = NumpyGenerator.defaultRng(seed);
        return reset();
    }

    @Override
    public double[] reset() {
        double[] obs = new double[observationSpace.size()];
        resetInto(obs, 0);
        return obs;
    }

    /** Re-seeds as {@code reset(seed=...)} then {@link #resetInto(double[], int)}. */
    public void resetInto(long seed, double[] out, int offset) {
        rng = NumpyGenerator.defaultRng(seed);
        resetInto(out, offset);
    }

    /** Allocation-free reset: the first observation goes into {@code out} at {@code offset}. */
    public void resetInto(double[] out, int offset) {
        if (rng == null) rng = NumpyGenerator.fromEntropy();
        // mj_resetData (the shim's reset adds a forward pass; set_state's mj_forward below recomputes everything)
        physics.resetData();
        task.resetState(rng, initQpos, initQvel, qpos, qvel);
        for (int i = 0; i < nq; i++) physics.setQpos(i, qpos[i]);
        for (int i = 0; i < nv; i++) physics.setQvel(i, qvel[i]);
        physics.forward();
        task.observation(out, offset);
        lastErrorFlags = 0;
        needsReset = false;
    }

    @Override
    public Step step(double[] action) {
        actionSpace.checkAction(id(), action);
        double[] obs = new double[observationSpace.size()];
        double[] reward = new double[1];
        boolean terminated = stepInto(action, 0, obs, 0, reward, 0);
        return new Step(obs, reward[0], terminated, false);
    }

    /**
     * Allocation-free step: action from {@code in[aOff..]}, observation into {@code obs[oOff..]}, reward into
     * {@code reward[rOff]}; returns {@code terminated}. The caller has checked the action (size, no NaN).
     */
    public boolean stepInto(double[] in, int aOff, double[] obs, int oOff, double[] reward, int rOff) {
        beforePhysicsStep(in, aOff, null, 0);
        return afterPhysicsStep(physics.mjData().gymStep(nativeAction, spec.frameSkip()), obs, oOff, reward, rOff);
    }

    /**
     * The part of a step before the physics advances (shared with the batched {@link GymMujocoVectorEnv}): rounds
     * the action to float32, lets the task record its pre-step state, and writes the ctrl row into this env's
     * native action, or into {@code rows[rowOff..]} when {@code rows} is not null.
     */
    void beforePhysicsStep(double[] in, int aOff, double[] rows, int rowOff) {
        if (needsReset) throw new IllegalStateException(id() + ": step() before reset(); call reset()");
        for (int i = 0; i < nu; i++) action[i] = (float) in[aOff + i];
        if (rows == null) MemorySegment.copy(action, 0, nativeAction, ValueLayout.JAVA_DOUBLE, 0, nu);
        else System.arraycopy(action, 0, rows, rowOff, nu);
        task.beforeStep(action);
    }

    /** The part of a step after the physics advanced: reward, observation; returns {@code terminated}. */
    boolean afterPhysicsStep(int flags, double[] obs, int oOff, double[] reward, int rOff) {
        lastErrorFlags = flags;
        reward[rOff] = task.afterStep(action);
        task.observation(obs, oOff);
        return task.terminated();
    }

    /** The physics state and the generator ({@code np_random}); the task's own fields live within one step only. */
    @Override
    public void saveState(io.tributary.envs.state.StateMap out, String prefix) {
        if (rng == null) throw new IllegalStateException(id() + ": nothing to save before the first reset");
        io.tributary.envs.dmc.PhysicsState.save(physics, out, prefix);
        out.putLongs(prefix + "np_random", rng.bitGenerator().state());
        out.putBoolean(prefix + "needs_reset", needsReset);
        out.putLong(prefix + "last_error_flags", lastErrorFlags);
    }

    @Override
    public void restoreState(io.tributary.envs.state.StateMap in, String prefix) {
        NumpyGenerator r = NumpyGenerator.restored(in.longs(prefix + "np_random", 6));
        boolean needs = in.getBoolean(prefix + "needs_reset");
        long flags = in.getLong(prefix + "last_error_flags");
        io.tributary.envs.dmc.PhysicsState.restore(physics, in, prefix);
        rng = r;
        needsReset = needs;
        lastErrorFlags = (int) flags;
    }

    @Override
    public void close() {
        if (!arena.scope().isAlive()) return;
        arena.close();
        physics.close();
    }

    @Override
    public String toString() {
        return id() + " (frame_skip=" + spec.frameSkip() + ", obs=" + observationSpace.size() + ", act=" + nu + ")";
    }
}
