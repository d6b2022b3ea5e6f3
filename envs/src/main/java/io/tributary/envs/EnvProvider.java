package io.tributary.envs;

import java.util.Map;
import java.util.Set;

/** A family of environments the {@link EnvRegistry} can make (classic control, the dm_control suite, ...). */
public interface EnvProvider {

    /** Every id this provider can make on this machine. */
    Set<String> ids();

    /**
     * Whether {@code id} belongs to this provider, made here or not: {@link #make} of an id it knows but cannot make on
     * this machine (see {@link #unavailable()}) fails with the reason instead of "unknown id".
     */
    default boolean knows(String id) {
        return ids().contains(id);
    }

    /** Ids this provider knows but cannot make on this machine, each with the reason (e.g. what to install). */
    default Map<String, String> unavailable() {
        return Map.of();
    }

    /** Makes the environment with its default wrappers (e.g. the time limit Gymnasium registers). */
    Env make(String id);

    /**
     * {@code numEnvs} copies of {@code id} stepped together. The default steps {@link #make} copies one by one; a
     * family with native batched stepping overrides it so a vector step costs one downcall.
     */
    default VectorEnv makeVector(String id, int numEnvs) {
        return SyncVectorEnv.of(numEnvs, () -> make(id));
    }

    /**
     * As {@link #makeVector(String, int)}, stepped on up to {@code threads} threads where the family slices its
     * batch itself ({@link #slicesVectorOnThreads()}); the default ignores {@code threads} (one thread).
     */
    default VectorEnv makeVector(String id, int numEnvs, int threads) {
        return makeVector(id, numEnvs);
    }

    /** Whether {@link #makeVector(String, int, int)} uses its thread count. */
    default boolean slicesVectorOnThreads() {
        return false;
    }
}
