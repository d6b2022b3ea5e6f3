package io.tributary.envs.dmc;

import io.tributary.envs.Env;
import io.tributary.envs.EnvProvider;
import io.tributary.envs.VectorEnv;

import java.util.Set;
import java.util.TreeSet;

/** The dm_control suite under Shimmy's ids {@code dm_control/<domain>-<task>-v0}. No extra wrappers: as Shimmy. */
public final class DmControlProvider implements EnvProvider {

    @Override
    public Set<String> ids() {
        return new TreeSet<>(DmSuite.specs().keySet());
    }

    @Override
    public Env make(String id) {
        return new DmControlEnv(DmSuite.spec(id));
    }

    /** Native batched stepping: one downcall per vector step, on the calling thread (callers own threading). */
    @Override
    public VectorEnv makeVector(String id, int numEnvs) {
        return new DmControlVectorEnv(DmSuite.spec(id), numEnvs, 1);
    }

    /** Native batched stepping with the copies cut into {@code threads} slices stepped by persistent threads. */
    @Override
    public VectorEnv makeVector(String id, int numEnvs, int threads) {
        return new DmControlVectorEnv(DmSuite.spec(id), numEnvs, threads);
    }

    @Override
    public boolean slicesVectorOnThreads() {
        return true;
    }
}
