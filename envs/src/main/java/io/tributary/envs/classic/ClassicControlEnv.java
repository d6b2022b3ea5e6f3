package io.tributary.envs.classic;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.random.NumpyGenerator;

/**
 * What Gymnasium's classic-control environments share: a float64 physical state, a generator seeded as
 * {@code Env.reset(seed=...)} seeds it, and the OrderEnforcing rule that {@code step} before {@code reset} is an
 * error. Subclasses hold the dynamics.
 */
abstract class ClassicControlEnv implements Env {

    private final String id;
    private final Box observationSpace;
    private final Box actionSpace;
    private NumpyGenerator rng;
    /** The physical state ({@code env.unwrapped.state}); null until the first reset. */
    protected double[] state;

    ClassicControlEnv(String id, Box observationSpace, Box actionSpace) {
        this.id = id;
        this.observationSpace = observationSpace;
        this.actionSpace = actionSpace;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Box observationSpace() {
        return observationSpace;
    }

    @Override
    public final Box actionSpace() {
        return actionSpace;
    }

    @Override
    public final double[] reset(long seed) {
        if (seed < 0) throw new IllegalArgumentException(id + ": seed must be >= 0 (as in Gymnasium), got " + seed);
        rng = NumpyGenerator.defaultRng(seed);
        return resetState(rng);
    }

    @Override
    public final double[] reset() {
        // Gymnasium seeds an env that was never seeded from OS entropy on first use of np_random.
        if (rng == null) rng = NumpyGenerator.fromEntropy();
        return resetState(rng);
    }

    @Override
    public final io.tributary.envs.Step step(double[] action) {
        if (state == null) throw new IllegalStateException(id + ": step() called before reset()");
        actionSpace.checkAction(id, action);
        return advance(action);
    }

    /** A copy of the physical state (float64, as Gymnasium's {@code env.unwrapped.state}). */
    public double[] state() {
        return state == null ? null : state.clone();
    }

    /** The physical state and the generator (Gymnasium's {@code np_random}); before the first reset, nothing to save. */
    @Override
    public void saveState(io.tributary.envs.state.StateMap out, String prefix) {
        if (state == null) throw new IllegalStateException(id + ": nothing to save before the first reset");
        out.putDoubles(prefix + "state", state);
        out.putLongs(prefix + "np_random", rng.bitGenerator().state());
    }

    @Override
    public void restoreState(io.tributary.envs.state.StateMap in, String prefix) {
        double[] s = in.doubles(prefix + "state", stateSize());
        rng = NumpyGenerator.restored(in.longs(prefix + "np_random", 6));
        state = s;
    }

    /** Elements of the physical state (Pendulum: theta, theta_dot; MountainCar: position, velocity). */
    protected int stateSize() {
        return 2;
    }

    /** Draws the initial state from {@code rng} and returns the first observation. */
    protected abstract double[] resetState(NumpyGenerator rng);

    /** One step of the dynamics with a checked action. */
    protected abstract io.tributary.envs.Step advance(double[] action);

    /** numpy's {@code np.float32(x)} widened back: round to nearest float32. */
    static double f32(double x) {
        return (float) x;
    }
}
