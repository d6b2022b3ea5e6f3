package io.tributary.envs.dmc;

import io.tributary.envs.Env;
import io.tributary.envs.EnvProvider;
import io.tributary.envs.VectorEnv;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The dm_control suite under Shimmy's ids {@code dm_control/<domain>-<task>-v0}. No extra wrappers: as Shimmy. */
public final class DmControlProvider implements EnvProvider {

    /** The tasks that can be made here: the dog's only with a dm_control installation ({@link DmControlInstallation}). */
    @Override
    public Set<String> ids() {
        return new TreeSet<>(DmSuite.availableSpecs().keySet());
    }

    @Override
    public boolean knows(String id) {
        return DmSuite.specs().containsKey(id);
    }

    @Override
    public Map<String, String> unavailable() {
        Map<String, String> out = new TreeMap<>();
        for (DmTaskSpec s : DmSuite.specs().values()) s.unavailableReason().ifPresent(r -> out.put(s.id(), r));
        return out;
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
