package io.tributary.envs.dmc;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.Step;
import io.tributary.envs.mujoco.MjArray;
import io.tributary.envs.random.RandomState;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One dm_control task as a Gymnasium env, as Shimmy exposes it (facts 1.1, 3): exact reset/step call sequence,
 * n_sub_steps, the step limit ({@code timeLimit / (timestep * nSubSteps)}, 1000 for every suite task) reported as
 * {@code truncated}, never {@code terminated}; raw (unclipped) actions; observations flattened in sorted key order.
 *
 * <p>Physics errors: where dm_control raises {@code PhysicsError} (a MuJoCo warning counter increased during the
 * step), or the state became non-finite, or MuJoCo raised an error, this env ends the episode instead: the step
 * returns {@code truncated = true}, reward 0, non-finite observation entries replaced by 0 (so one bad copy cannot
 * poison a batch), {@link #lastStepPhysicsError()} is true and {@link #physicsErrors()} counts it. The caller resets.
 */
public final class DmControlEnv implements Env {

    private final DmTaskSpec spec;
    private final Physics physics;
    private final DmTask task;
    private final int nSubSteps;
    private final double stepLimit;
    private final Box observationSpace;
    private final Box actionSpace;
    private final Arena arena;
    private final MemorySegment nativeAction;
    private final int nu;

    private RandomState random;
    private long stepCount;
    private boolean needsReset = true;
    private boolean lastStepPhysicsError;
    private int lastErrorFlags;
    private long physicsErrors;

    public DmControlEnv(DmTaskSpec spec) {
        this(spec, spec.newPhysics());
    }

    /** Uses {@code physics} (taking ownership), e.g. a copy of an already compiled model. */
    public DmControlEnv(DmTaskSpec spec, Physics physics) {
        this.spec = spec;
        this.physics = physics;
        try {
            this.task = spec.factory().apply(physics);
            checkSorted(task);
            this.nSubSteps = nSubSteps(task.controlTimestep(), physics.timestep());
        } catch (RuntimeException | Error e) {
            physics.close(); // owned: a task that cannot be built must not leak its model and data
            throw e;
        }
        this.stepLimit = task.timeLimit() / (physics.timestep() * nSubSteps);
        this.nu = physics.nu();
        this.arena = Arena.ofShared();
        this.nativeAction = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, nu));
        this.observationSpace = Box.of(task.observationSize(), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Box.DType.FLOAT64);
        this.actionSpace = actionSpace(physics);
    }

    /** dm_control's {@code compute_n_steps}: the control timestep must be a whole multiple of the physics one. */
    public static int nSubSteps(double controlTimestep, double physicsTimestep) {
        if (Double.isNaN(controlTimestep)) return 1;
        double n = controlTimestep / physicsTimestep;
        long rounded = Math.round(n);
        if (Math.abs(n - rounded) > 1e-6) {
            throw new IllegalArgumentException("control timestep " + controlTimestep + " is not a multiple of the physics timestep "
                    + physicsTimestep);
        }
        return (int) rounded;
    }

    /** Shimmy's action space: actuator ctrlrange, float64 (unlimited actuators get MuJoCo's mjMAXVAL, 1e10). */
    static Box actionSpace(Physics physics) {
        int nu = physics.nu();
        double[] lo = new double[nu];
        double[] hi = new double[nu];
        MjArray range = physics.model("actuator_ctrlrange");
        MjArray limited = physics.model("actuator_ctrllimited");
        for (int i = 0; i < nu; i++) {
            boolean lim = limited.getInt(i) != 0;
            lo[i] = lim ? range.get(i, 0) : -1e10;
            hi[i] = lim ? range.get(i, 1) : 1e10;
        }
        return new Box(new int[] {nu}, lo, hi, Box.DType.FLOAT64);
    }

    private static void checkSorted(DmTask task) {
        String prev = null;
        for (ObsKey k : task.observationKeys()) {
            if (prev != null && prev.compareTo(k.name()) >= 0) {
                throw new IllegalStateException(task.getClass().getSimpleName() + " must list observation keys sorted "
                        + "(Gymnasium's flatten order): '" + prev + "' before '" + k.name() + "'");
            }
            prev = k.name();
        }
    }

    @Override
    public String id() {
        return spec.id();
    }

    public DmTaskSpec spec() { return spec; }
    public Physics physics() { return physics; }
    public DmTask task() { return task; }
    public int nSubSteps() { return nSubSteps; }
    public double controlTimestep() { return physics.timestep() * nSubSteps; }
    public double stepLimit() { return stepLimit; }
    public long stepCount() { return stepCount; }
    /** The task's generator (null before the first reset). */
    public RandomState random() { return random; }
    /** True when the last step ended the episode because of a physics error. */
    public boolean lastStepPhysicsError() { return lastStepPhysicsError; }
    /** The MjData.ERR_* flags of the last physics error. */
    public int lastErrorFlags() { return lastErrorFlags; }
    /** Episodes this env ended because of a physics error. */
    public long physicsErrors() { return physicsErrors; }

    @Override
    public Box observationSpace() { return observationSpace; }

    @Override
    public Box actionSpace() { return actionSpace; }

    @Override
    public double[] reset(long seed) {
        random = new RandomState(seed);
        return reset();
    }

    @Override
    public double[] reset() {
        double[] obs = new double[observationSpace.size()];
        resetInto(obs, 0);
        return obs;
    }

    /** Re-seeds (a new {@code RandomState(seed)}, as Shimmy's {@code reset(seed=...)}) then {@link #resetInto(double[], int)}. */
    public void resetInto(long seed, double[] out, int offset) {
        random = new RandomState(seed);
        resetInto(out, offset);
    }

    /** Allocation-free reset: writes the first observation into {@code out} at {@code offset}. */
    public void resetInto(double[] out, int offset) {
        if (random == null) random = RandomState.fromEntropy();
        stepCount = 0;
        lastStepPhysicsError = false;
        physics.resetData(); // dm_control swallows physics errors here
        task.initializeEpisode(physics, random);
        physics.forwardWithoutActuation();
        task.observation(physics, out, offset);
        needsReset = false;
    }

    @Override
    public Step step(double[] action) {
        actionSpace.checkAction(id(), action);
        double[] obs = new double[observationSpace.size()];
        double[] reward = new double[1];
        boolean truncated = stepInto(action, 0, obs, 0, reward, 0);
        return new Step(obs, reward[0], false, truncated);
    }

    /**
     * Allocation-free step: action from {@code action[aOff..]}, observation into {@code obs[oOff..]}, reward into
     * {@code reward[rOff]}; returns true when the episode ended (time limit or physics error: truncated). The caller
     * has checked the action (size, no NaN), as {@link #step} and {@link DmControlVectorEnv#step} do.
     */
    public boolean stepInto(double[] action, int aOff, double[] obs, int oOff, double[] reward, int rOff) {
        if (needsReset) throw new IllegalStateException(id() + ": step() before reset() or after the episode ended; call reset()");
        MemorySegment.copy(action, aOff, nativeAction, ValueLayout.JAVA_DOUBLE, 0, nu);
        int flags = physics.mjData().controlStep(nativeAction, nSubSteps);
        return afterPhysicsStep(flags, obs, oOff, reward, rOff);
    }

    /** The part of a step after the physics advanced (shared with the batched vector env). */
    boolean afterPhysicsStep(int flags, double[] obs, int oOff, double[] reward, int rOff) {
        stepCount++;
        if (flags != 0) {
            lastStepPhysicsError = true;
            lastErrorFlags = flags;
            physicsErrors++;
            task.observation(physics, obs, oOff);
            for (int i = oOff; i < oOff + observationSpace.size(); i++) {
                if (!Double.isFinite(obs[i])) obs[i] = 0.0;
            }
            reward[rOff] = 0.0;
            needsReset = true;
            return true;
        }
        lastStepPhysicsError = false;
        reward[rOff] = task.reward(physics);
        task.observation(physics, obs, oOff);
        if (stepCount >= stepLimit) {
            needsReset = true;
            return true;
        }
        return false;
    }

    /** The physics (state, per-episode model fields), the task's RandomState, the step count and error flags. */
    @Override
    public void saveState(io.tributary.envs.state.StateMap out, String prefix) {
        if (random == null) throw new IllegalStateException(id() + ": nothing to save before the first reset");
        PhysicsState.save(physics, out, prefix);
        out.putLongs(prefix + "task.random_state", random.state());
        out.putLong(prefix + "step_count", stepCount);
        out.putBoolean(prefix + "needs_reset", needsReset);
        out.putBoolean(prefix + "last_step_physics_error", lastStepPhysicsError);
        out.putLong(prefix + "last_error_flags", lastErrorFlags);
        out.putLong(prefix + "physics_errors", physicsErrors);
    }

    @Override
    public void restoreState(io.tributary.envs.state.StateMap in, String prefix) {
        RandomState r = RandomState.restored(in.longs(prefix + "task.random_state", -1));
        long steps = in.getLong(prefix + "step_count");
        boolean needs = in.getBoolean(prefix + "needs_reset");
        boolean lastError = in.getBoolean(prefix + "last_step_physics_error");
        long flags = in.getLong(prefix + "last_error_flags");
        long errors = in.getLong(prefix + "physics_errors");
        PhysicsState.restore(physics, in, prefix);
        random = r;
        stepCount = steps;
        needsReset = needs;
        lastStepPhysicsError = lastError;
        lastErrorFlags = (int) flags;
        physicsErrors = errors;
    }

    @Override
    public void close() {
        if (!arena.scope().isAlive()) return;
        arena.close();
        physics.close();
    }

    @Override
    public String toString() {
        return id() + " (nSubSteps=" + nSubSteps + ", obs=" + observationSpace.size() + ", act=" + Arrays.toString(actionSpace.shape()) + ")";
    }
}
