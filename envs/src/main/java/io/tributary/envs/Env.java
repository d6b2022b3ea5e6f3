package io.tributary.envs;

/**
 * One environment copy, in the spirit of Gymnasium 0.29's {@code Env}. Not thread-safe: a copy belongs to one
 * thread at a time.
 *
 * <p>Seeding follows Gymnasium: {@link #reset(long)} re-seeds the environment's generator exactly as
 * {@code env.reset(seed=...)} does, {@link #reset()} continues from the current generator state (an environment
 * that was never seeded seeds itself from entropy on the first reset).
 */
public interface Env extends AutoCloseable {

    /** The registry id, e.g. {@code Pendulum-v1}. */
    String id();

    Box observationSpace();

    Box actionSpace();

    /** Re-seeds the generator and starts a new episode; returns the first observation. */
    double[] reset(long seed);

    /** Starts a new episode, continuing the current generator. */
    double[] reset();

    /**
     * Advances one step. The action must have {@code actionSpace().size()} elements and no NaN
     * ({@link IllegalArgumentException} otherwise, naming the problem).
     */
    Step step(double[] action);

    /** The innermost environment under any wrappers (Gymnasium's {@code env.unwrapped}); itself if not wrapped. */
    default Env unwrapped() {
        return this;
    }

    /**
     * Writes everything this copy's future steps and resets depend on (physical state, generator, step counters)
     * under keys starting with {@code prefix}, so that {@link #restoreState} on a copy of the same id continues bit
     * for bit. An environment that cannot says so by name.
     */
    default void saveState(io.tributary.envs.state.StateMap out, String prefix) {
        throw new UnsupportedOperationException(id() + " (" + getClass().getSimpleName() + ") cannot save its state for a checkpoint");
    }

    /** Continues from {@link #saveState}; a key that is missing or of another shape is an error naming it. */
    default void restoreState(io.tributary.envs.state.StateMap in, String prefix) {
        throw new UnsupportedOperationException(id() + " (" + getClass().getSimpleName() + ") cannot restore a saved state");
    }

    /** Releases native resources, if any. Idempotent. */
    @Override
    default void close() {}
}
