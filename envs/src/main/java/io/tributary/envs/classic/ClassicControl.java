package io.tributary.envs.classic;

import io.tributary.envs.Env;
import io.tributary.envs.EnvProvider;
import io.tributary.envs.wrappers.TimeLimit;
import java.util.Set;

/**
 * The classic-control family, pure Java and exact to Gymnasium 0.29.1. {@link #make} applies the time limit that
 * Gymnasium registers for each id, as {@code gymnasium.make} does.
 */
public final class ClassicControl implements EnvProvider {

    private static final Set<String> IDS = Set.of(PendulumEnv.ID, ContinuousMountainCarEnv.ID);

    @Override
    public Set<String> ids() {
        return IDS;
    }

    @Override
    public Env make(String id) {
        return switch (id) {
            case PendulumEnv.ID -> new TimeLimit(new PendulumEnv(), PendulumEnv.MAX_EPISODE_STEPS);
            case ContinuousMountainCarEnv.ID -> new TimeLimit(new ContinuousMountainCarEnv(), ContinuousMountainCarEnv.MAX_EPISODE_STEPS);
            default -> throw new IllegalArgumentException("classic control has no environment '" + id + "'; it has: "
                    + String.join(", ", new java.util.TreeSet<>(IDS)));
        };
    }
}
