package io.tributary.envs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves Gymnasium-style ids ({@code Pendulum-v1}, {@code dm_control/cartpole-swingup-v0}) to environments.
 * Providers are listed here rather than discovered so that the set of ids is visible in one place.
 */
public final class EnvRegistry {

    private static final List<EnvProvider> PROVIDERS = new ArrayList<>();

    static {
        // Providers are added here as the families land (classic control, dm_control).
        PROVIDERS.add(new io.tributary.envs.classic.ClassicControl());
        PROVIDERS.add(new io.tributary.envs.dmc.DmControlProvider());
        PROVIDERS.add(new io.tributary.envs.gymmujoco.GymMujocoProvider());
    }

    private EnvRegistry() {}

    /**
     * Registered ids that cannot be made on this machine, sorted, each with the reason: the dog's dm_control tasks
     * without a dm_control installation. They are not in {@link #ids()}; {@link #make} of one fails with the reason.
     */
    public static java.util.SortedMap<String, String> unavailable() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (EnvProvider p : PROVIDERS) out.putAll(p.unavailable());
        return out;
    }

    /** All registered ids that can be made on this machine, sorted (see {@link #unavailable()} for the others). */
    public static Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        for (EnvProvider p : PROVIDERS) ids.addAll(p.ids());
        return ids;
    }

    /** Makes {@code id} with its default wrappers; an unknown id is an error that lists the known ones. */
    public static Env make(String id) {
        return provider(id).make(id);
    }

    /**
     * {@code numEnvs} copies of {@code id} as one {@link VectorEnv}: natively batched where the family has it
     * (dm_control), otherwise a {@link SyncVectorEnv} of {@link #make} copies. Same seeding and autoreset either way.
     */
    public static VectorEnv makeVector(String id, int numEnvs) {
        if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be > 0, was " + numEnvs);
        return provider(id).makeVector(id, numEnvs);
    }

    /**
     * As {@link #makeVector(String, int)}, stepped on up to {@code threads} threads where the family slices its batch
     * ({@link #slicesVectorOnThreads}: dm_control); elsewhere {@code threads} is ignored.
     */
    public static VectorEnv makeVector(String id, int numEnvs, int threads) {
        if (numEnvs <= 0) throw new IllegalArgumentException("numEnvs must be > 0, was " + numEnvs);
        if (threads < 1 || threads > numEnvs) throw new IllegalArgumentException("threads must be in [1, numEnvs=" + numEnvs + "], was " + threads);
        return provider(id).makeVector(id, numEnvs, threads);
    }

    /** Whether {@code id}'s family steps one vector on several threads itself. */
    public static boolean slicesVectorOnThreads(String id) {
        return provider(id).slicesVectorOnThreads();
    }

    private static EnvProvider provider(String id) {
        for (EnvProvider p : PROVIDERS) {
            if (p.knows(id)) return p;
        }
        throw new IllegalArgumentException("unknown environment id '" + id + "'; known ids: " + String.join(", ", ids()));
    }
}
