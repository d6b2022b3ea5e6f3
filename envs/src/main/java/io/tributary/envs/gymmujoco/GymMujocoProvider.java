package io.tributary.envs.gymmujoco;

import io.tributary.envs.Env;
import io.tributary.envs.EnvProvider;
import io.tributary.envs.VectorEnv;
import io.tributary.envs.wrappers.TimeLimit;

import java.util.Set;
import java.util.TreeSet;

/**
 * Gymnasium's MuJoCo v4 tasks under their Gymnasium ids ({@code Hopper-v4}, ...), with the TimeLimit of their
 * registration, as {@code gymnasium.make} builds them (the order-enforcing and passive-checker wrappers change no
 * values). Vectors are {@link GymMujocoVectorEnv}: one downcall per vector step.
 */
public final class GymMujocoProvider implements EnvProvider {

    @Override
    public Set<String> ids() {
        return new TreeSet<>(GymMujoco.specs().keySet());
    }

    @Override
    public Env make(String id) {
        GymMujocoSpec spec = GymMujoco.spec(id);
        return new TimeLimit(new GymMujocoEnv(spec), spec.maxEpisodeSteps());
    }

    @Override
    public VectorEnv makeVector(String id, int numEnvs) {
        return new GymMujocoVectorEnv(GymMujoco.spec(id), numEnvs);
    }
}
