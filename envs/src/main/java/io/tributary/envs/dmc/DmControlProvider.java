package io.tributary.envs.dmc;

import io.tributary.envs.Env;
import io.tributary.envs.EnvProvider;

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
}
