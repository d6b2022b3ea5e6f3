package io.tributary.envs;

import io.tributary.envs.state.StateMap;
import io.tributary.envs.state.VectorBuffers;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gymnasium 0.29.1's {@code SyncVectorEnv}: N environment copies stepped one after another in the calling thread.
 * {@code reset(seed)} seeds copy i with {@code seed + i}. A copy whose episode ends during {@link #step} is reset at
 * once (without a seed, continuing its generator); its final observation stays readable through
 * {@link #finalObservation} until the next step.
 *
 * <p>As in Gymnasium, observations are written into a buffer of the single observation space's dtype: with a
 * float32 space each observation is rounded to float32 there (CleanRL's normalized float64 observations reach the
 * policy as float32 this way). Final observations are kept as the copy returned them. Rewards stay float64.
 */
public final class SyncVectorEnv implements VectorEnv {

    private final Env[] envs;
    private final Box obsSpace;
    private final Box actSpace;
    private final int obsSize;
    private final int actSize;
    private final double[] observations;
    private final double[] finalObservations;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private final double[] action;
    private boolean wasReset;

    public SyncVectorEnv(List<? extends Env> envs) {
        if (envs.isEmpty()) throw new IllegalArgumentException("SyncVectorEnv needs at least one environment");
        this.envs = envs.toArray(new Env[0]);
        this.obsSpace = this.envs[0].observationSpace();
        this.actSpace = this.envs[0].actionSpace();
        for (int i = 1; i < this.envs.length; i++) {
            if (!this.envs[i].observationSpace().equals(obsSpace) || !this.envs[i].actionSpace().equals(actSpace)) {
                throw new IllegalArgumentException("SyncVectorEnv: copy " + i + " (" + this.envs[i].id()
                        + ") has different spaces from copy 0 (" + this.envs[0].id() + ")");
            }
        }
        this.obsSize = obsSpace.size();
        this.actSize = actSpace.size();
        int n = this.envs.length;
        this.observations = new double[n * obsSize];
        this.finalObservations = new double[n * obsSize];
        this.rewards = new double[n];
        this.terminated = new boolean[n];
        this.truncated = new boolean[n];
        this.action = new double[actSize];
    }

    /** {@code n} copies made by {@code factory} (e.g. {@code () -> EnvRegistry.make("Pendulum-v1")}). */
    public static SyncVectorEnv of(int n, Supplier<? extends Env> factory) {
        if (n <= 0) throw new IllegalArgumentException("SyncVectorEnv: number of copies must be positive, got " + n);
        Env[] envs = new Env[n];
        for (int i = 0; i < n; i++) envs[i] = factory.get();
        return new SyncVectorEnv(Arrays.asList(envs));
    }

    /** Copy {@code i} (to reach its wrappers, e.g. normalization statistics). */
    public Env env(int i) {
        return envs[i];
    }

    @Override
    public int numEnvs() {
        return envs.length;
    }

    @Override
    public Box singleObservationSpace() {
        return obsSpace;
    }

    @Override
    public Box singleActionSpace() {
        return actSpace;
    }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < envs.length; i++) store(i, envs[i].reset(seed + i));
        finishReset();
    }

    /** Resets every copy without a seed (each continues its own generator). */
    public void reset() {
        for (int i = 0; i < envs.length; i++) store(i, envs[i].reset());
        finishReset();
    }

    private void finishReset() {
        Arrays.fill(rewards, 0.0);
        Arrays.fill(terminated, false);
        Arrays.fill(truncated, false);
        wasReset = true;
    }

    @Override
    public void step(double[] actions) {
        if (!wasReset) throw new IllegalStateException("SyncVectorEnv: step() called before reset()");
        if (actions == null || actions.length != envs.length * actSize) {
            throw new IllegalArgumentException("SyncVectorEnv: actions has " + (actions == null ? "null" : actions.length + " elements")
                    + ", expected numEnvs x action size = " + envs.length + " x " + actSize);
        }
        for (int i = 0; i < envs.length; i++) {
            System.arraycopy(actions, i * actSize, action, 0, actSize);
            Step s = envs[i].step(action);
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = s.truncated();
            double[] obs = s.observation();
            if (s.done()) {
                checkObs(i, obs);
                System.arraycopy(obs, 0, finalObservations, i * obsSize, obsSize);
                obs = envs[i].reset();
            }
            store(i, obs);
        }
    }

    private void store(int i, double[] obs) {
        checkObs(i, obs);
        int off = i * obsSize;
        if (obsSpace.dtype() == Box.DType.FLOAT32) {
            for (int k = 0; k < obsSize; k++) observations[off + k] = (float) obs[k];
        } else {
            System.arraycopy(obs, 0, observations, off, obsSize);
        }
    }

    private void checkObs(int i, double[] obs) {
        if (obs.length != obsSize) {
            throw new IllegalStateException("SyncVectorEnv: copy " + i + " returned " + obs.length + " observation elements, space says " + obsSize);
        }
    }

    @Override
    public double[] observations() {
        return observations;
    }

    @Override
    public double[] rewards() {
        return rewards;
    }

    @Override
    public boolean[] terminated() {
        return terminated;
    }

    @Override
    public boolean[] truncated() {
        return truncated;
    }

    @Override
    public void finalObservation(int i, double[] out, int offset) {
        if (!done(i)) throw new IllegalStateException("SyncVectorEnv: copy " + i + " did not finish an episode in the last step");
        System.arraycopy(finalObservations, i * obsSize, out, offset, obsSize);
    }

    @Override
    public StateMap state() {
        StateMap s = new StateMap();
        buffers().save(s);
        s.putBoolean("vector.was_reset", wasReset);
        for (int i = 0; i < envs.length; i++) envs[i].saveState(s, "copy." + i + ".");
        return s;
    }

    @Override
    public void restore(StateMap s) {
        Runnable copyIn = buffers().read(s);
        boolean reset = s.getBoolean("vector.was_reset");
        for (int i = 0; i < envs.length; i++) envs[i].restoreState(s, "copy." + i + ".");
        wasReset = reset;
        copyIn.run();
    }

    private VectorBuffers buffers() {
        return new VectorBuffers(envs.length, observations, finalObservations, rewards, terminated, truncated);
    }

    @Override
    public void close() {
        for (Env e : envs) e.close();
    }
}
