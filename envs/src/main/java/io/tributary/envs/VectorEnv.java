package io.tributary.envs;

/**
 * A batch of environment copies stepped together, with Gymnasium 0.29's autoreset semantics: when copy {@code i}
 * ends an episode during {@link #step}, it is reset at once, {@link #observations()} holds the first observation
 * of the new episode, and the last observation of the finished one stays readable through
 * {@link #finalObservation(int, double[], int)} until the next step.
 *
 * <p>The buffers are owned by the vector and overwritten by every call: nothing is allocated per step, so an
 * implementation can be backed by native batched stepping (one downcall per vector step).
 */
public interface VectorEnv extends AutoCloseable {

    int numEnvs();

    Box singleObservationSpace();

    Box singleActionSpace();

    /** Copy {@code i} is reset with seed {@code seed + i}, as Gymnasium's vector envs do for an integer seed. */
    void reset(long seed);

    /**
     * Steps every copy. {@code actions} is row-major, {@code numEnvs() x singleActionSpace().size()}.
     */
    void step(double[] actions);

    /** Row-major {@code numEnvs() x obsSize}: after a step, the next observation of each copy (post-autoreset). */
    double[] observations();

    double[] rewards();

    boolean[] terminated();

    boolean[] truncated();

    /** True when copy {@code i} finished an episode in the last step (terminated or truncated). */
    default boolean done(int i) {
        return terminated()[i] || truncated()[i];
    }

    /**
     * Copies the final observation of copy {@code i}'s finished episode into {@code out} at {@code offset}.
     * Only valid when {@link #done(int)} is true for the last step.
     */
    void finalObservation(int i, double[] out, int offset);

    /**
     * A snapshot of every copy and of the buffers a caller reads between steps (observations, rewards, done flags,
     * final observations): restoring it into a vector of the same id and size continues bit for bit. A family that
     * cannot snapshot its copies throws {@link UnsupportedOperationException} naming itself.
     */
    default io.tributary.envs.state.StateMap state() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot save its state for a checkpoint");
    }

    /** Continues from {@link #state()}; a snapshot of another id or size is refused, naming the key that differs. */
    default void restore(io.tributary.envs.state.StateMap state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore a saved state");
    }

    @Override
    default void close() {}
}
