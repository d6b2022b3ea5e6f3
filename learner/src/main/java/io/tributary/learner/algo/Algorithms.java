package io.tributary.learner.algo;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.policy.random.LxmRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The algorithms this build has, by name: each with its CleanRL defaults and the factory that makes it for a
 * network. TRPO and PPO-CMA (issue 12) are added here.
 */
public final class Algorithms {

    /** Makes an algorithm for {@code net} (initialised) under {@code hp}. */
    @FunctionalInterface
    public interface Factory {
        Algorithm create(String name, Hyperparameters hp, ActorCriticNet net);
    }

    /** One registered algorithm. */
    public record Entry(String name, String summary, Function<String, Hyperparameters> defaults, Factory factory) {

        public Algorithm create(Hyperparameters hp, ActorCriticNet net) {
            return factory.create(name, hp, net);
        }

        /** The defaults for {@code envId}. */
        public Hyperparameters defaults(String envId) {
            return defaults.apply(envId);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // PPO is RPO with rpo_alpha = 0; both shuffle minibatches and draw RPO noise from one stream, seeded apart
        // from the network initialisation's stream
        Factory ppoFamily = (name, hp, net) -> new Ppo(name, hp, net, new LxmRandom(hp.seed() * 31 + 7));
        register(new Entry("ppo", "PPO, CleanRL's ppo_continuous_action.py", Hyperparameters::ppo, ppoFamily));
        register(new Entry("rpo", "RPO (PPO with a perturbed mean), CleanRL's rpo_continuous_action.py",
                Hyperparameters::rpo, ppoFamily));
    }

    private Algorithms() {}

    private static void register(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    /** The known names, in registration order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The entry called {@code name}; an unknown name is an error that lists the known ones. */
    public static Entry resolve(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("--algo must be one of " + names() + ", was '" + name + "'");
        }
        return e;
    }

    /** The name a run of {@code hp} goes by when none is given: PPO when {@code rpo_alpha} is 0, else RPO. */
    public static String nameFor(Hyperparameters hp) {
        return hp.rpoAlpha() == 0 ? "ppo" : "rpo";
    }
}
