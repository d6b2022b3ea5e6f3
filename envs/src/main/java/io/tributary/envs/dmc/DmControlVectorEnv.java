package io.tributary.envs.dmc;

import io.tributary.envs.Box;
import io.tributary.envs.VectorEnv;
import io.tributary.envs.mujoco.MjBatchStepper;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.mujoco.MjModel;
import io.tributary.envs.state.StateMap;
import io.tributary.envs.state.VectorBuffers;
import java.util.Arrays;
import java.util.concurrent.Phaser;

/**
 * {@code numEnvs} copies of one dm_control task stepped natively: each thread slice of copies costs one downcall
 * per vector step ({@code trb_step_batch}: ctrl, dm_control's legacy step sequence, error flags), then rewards and
 * observations are read in Java. Gymnasium 0.29 autoreset semantics (see {@link VectorEnv}): a copy that finishes
 * (time limit, or a physics error, which counts in {@link #physicsErrors()}) is reset at once and its last
 * observation is kept for {@link #finalObservation}.
 *
 * <p>With {@code threads > 1} the copies are split into contiguous slices stepped by persistent worker threads
 * (the caller's thread takes slice 0); results do not depend on the thread count.
 */
public final class DmControlVectorEnv implements VectorEnv {

    private final DmTaskSpec spec;
    private final DmControlEnv[] envs;
    private final int obsSize;
    private final double[] obs;
    private final double[] finalObs;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final boolean[] physicsError;
    private final MjBatchStepper[] slices;
    private final int[] sliceStart;
    private final Phaser phaser;
    private final Thread[] workers;
    private volatile boolean closed;
    private volatile double[] pendingActions;
    private volatile Throwable workerFailure;

    public DmControlVectorEnv(String id, int numEnvs) {
        this(DmSuite.spec(id), numEnvs, 1);
    }

    public DmControlVectorEnv(DmTaskSpec spec, int numEnvs, int threads) {
        if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
        if (threads < 1 || threads > numEnvs) {
            throw new IllegalArgumentException("threads must be in [1, numEnvs=" + numEnvs + "], got " + threads);
        }
        this.spec = spec;
        this.envs = new DmControlEnv[numEnvs];
        try (MjModel prototype = spec.compileModel()) {
            // compiled once; every copy owns a deep copy (tasks modify model fields per episode)
            for (int i = 0; i < numEnvs; i++) envs[i] = new DmControlEnv(spec, new Physics(prototype.copy()));
        } catch (RuntimeException | Error e) {
            for (DmControlEnv made : envs) if (made != null) made.close();
            throw e;
        }
        this.obsSize = envs[0].observationSpace().size();
        this.obs = new double[numEnvs * obsSize];
        this.finalObs = new double[numEnvs * obsSize];
        this.rewards = new double[numEnvs];
        this.terminated = new boolean[numEnvs];
        this.truncated = new boolean[numEnvs];
        this.physicsError = new boolean[numEnvs];
        this.slices = new MjBatchStepper[threads];
        this.sliceStart = new int[threads + 1];
        for (int t = 0; t <= threads; t++) sliceStart[t] = (int) ((long) numEnvs * t / threads);
        for (int t = 0; t < threads; t++) {
            MjData[] datas = new MjData[sliceStart[t + 1] - sliceStart[t]];
            for (int i = 0; i < datas.length; i++) datas[i] = envs[sliceStart[t] + i].physics().mjData();
            slices[t] = new MjBatchStepper(datas, envs[0].nSubSteps());
        }
        this.phaser = new Phaser(threads);
        this.workers = new Thread[threads - 1];
        for (int t = 1; t < threads; t++) {
            final int slice = t;
            workers[t - 1] = Thread.ofPlatform().daemon().name("dmc-vector-" + spec.id() + "-" + t).start(() -> workerLoop(slice));
        }
    }

    private void workerLoop(int slice) {
        while (true) {
            phaser.arriveAndAwaitAdvance(); // step start
            if (closed) {
                phaser.arriveAndDeregister();
                return;
            }
            try {
                stepSlice(slice, pendingActions);
            } catch (Throwable t) {
                workerFailure = t;
            }
            phaser.arriveAndAwaitAdvance(); // step end
        }
    }

    @Override public int numEnvs() { return envs.length; }
    @Override public Box singleObservationSpace() { return envs[0].observationSpace(); }
    @Override public Box singleActionSpace() { return envs[0].actionSpace(); }
    public String id() { return spec.id(); }
    /** Copy {@code i} (for inspection; do not step it directly). */
    public DmControlEnv env(int i) { return envs[i]; }
    /** Episodes ended by a physics error, over all copies since construction. */
    public long physicsErrors() {
        long n = 0;
        for (DmControlEnv e : envs) n += e.physicsErrors();
        return n;
    }
    /** True when copy {@code i}'s last step ended its episode because of a physics error. */
    public boolean physicsError(int i) { return physicsError[i]; }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < envs.length; i++) {
            envs[i].resetInto(seed + i, obs, i * obsSize);
        }
        clearFlags();
    }

    /** Resets every copy continuing its generator (entropy-seeded if never seeded). */
    public void reset() {
        for (int i = 0; i < envs.length; i++) envs[i].resetInto(obs, i * obsSize);
        clearFlags();
    }

    private void clearFlags() {
        Arrays.fill(rewards, 0);
        Arrays.fill(terminated, false);
        Arrays.fill(truncated, false);
        Arrays.fill(physicsError, false);
    }

    @Override
    public void step(double[] actions) {
        if (closed) throw new IllegalStateException(spec.id() + ": vector env is closed");
        singleActionSpace().checkActions(spec.id(), actions, envs.length);
        if (workers.length == 0) {
            stepSlice(0, actions);
            return;
        }
        pendingActions = actions;
        phaser.arriveAndAwaitAdvance();
        try {
            stepSlice(0, actions);
        } finally {
            phaser.arriveAndAwaitAdvance();
        }
        Throwable t = workerFailure;
        if (t != null) {
            workerFailure = null;
            throw new IllegalStateException(spec.id() + ": a stepping thread failed: " + t, t);
        }
    }

    private void stepSlice(int slice, double[] actions) {
        MjBatchStepper stepper = slices[slice];
        int first = sliceStart[slice];
        stepper.setActions(actions, first);
        stepper.step();
        for (int k = 0; k < stepper.size(); k++) {
            int i = first + k;
            DmControlEnv env = envs[i];
            boolean done = env.afterPhysicsStep(stepper.flags(k), obs, i * obsSize, rewards, i);
            physicsError[i] = env.lastStepPhysicsError();
            truncated[i] = done;
            terminated[i] = false; // no suite task terminates early
            if (done) {
                System.arraycopy(obs, i * obsSize, finalObs, i * obsSize, obsSize);
                env.resetInto(obs, i * obsSize);
            }
        }
    }

    @Override public double[] observations() { return obs; }
    @Override public double[] rewards() { return rewards; }
    @Override public boolean[] terminated() { return terminated; }
    @Override public boolean[] truncated() { return truncated; }

    @Override
    public void finalObservation(int i, double[] out, int offset) {
        if (!done(i)) throw new IllegalStateException("copy " + i + " did not finish an episode in the last step");
        System.arraycopy(finalObs, i * obsSize, out, offset, obsSize);
    }

    @Override
    public StateMap state() {
        StateMap s = new StateMap();
        buffers().save(s);
        s.putBooleans("vector.physics_error", physicsError);
        for (int i = 0; i < envs.length; i++) envs[i].saveState(s, "copy." + i + ".");
        return s;
    }

    @Override
    public void restore(StateMap s) {
        Runnable copyIn = buffers().read(s);
        boolean[] err = s.booleans("vector.physics_error", physicsError.length);
        for (int i = 0; i < envs.length; i++) envs[i].restoreState(s, "copy." + i + ".");
        copyIn.run();
        System.arraycopy(err, 0, physicsError, 0, err.length);
    }

    private VectorBuffers buffers() {
        return new VectorBuffers(envs.length, obs, finalObs, rewards, terminated, truncated);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (workers.length > 0) {
            phaser.arriveAndDeregister(); // releases the workers, which see closed and leave
            for (Thread w : workers) {
                try {
                    w.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (MjBatchStepper s : slices) s.close();
        for (DmControlEnv e : envs) e.close();
    }
}
