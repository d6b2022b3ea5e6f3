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

    /** Releases native resources, if any. Idempotent. */
    @Override
    default void close() {}
}
