package io.tributary.learner.algo;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.policy.random.LxmRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The algorithms this build has, by name: each with its reference, its defaults (the run-level keys it changes and
 * its own {@link AlgorithmOptions} keys), which of CleanRL's PPO keys it reads, a check across its values, and the
 * factory that makes it for a network.
 */
public final class Algorithms {

    /** Makes an algorithm for {@code net} (initialised) under {@code hp}. */
    @FunctionalInterface
    public interface Factory {
        Algorithm create(String name, Hyperparameters hp, ActorCriticNet net);
    }

    /**
     * One registered algorithm.
     *
     * @param reference   the paper or code whose semantics it follows (README, {@code --help})
     * @param sharedKeys  the keys of {@link Hyperparameters} beyond {@link Hyperparameters#RUN_KEYS} that it reads;
     *                    the command line refuses the others for this algorithm
     * @param check       checks across values (after each value's own range check); throws naming the key
     */
    public record Entry(String name, String summary, String reference, Function<String, Hyperparameters> defaults,
            Set<String> sharedKeys, Consumer<Hyperparameters> check, Factory factory) {

        public Algorithm create(Hyperparameters hp, ActorCriticNet net) {
            return factory.create(name, hp, net);
        }

        /** The defaults for {@code envId}. */
        public Hyperparameters defaults(String envId) {
            return defaults.apply(envId);
        }

        /** Whether a run of this algorithm reads {@code key} (a run-level key, a shared one, or one of its own). */
        public boolean reads(String key) {
            return Hyperparameters.RUN_KEYS.contains(key) || sharedKeys.contains(key)
                    || defaults("x").options().has(key);
        }

        /** {@code hp}'s values of the keys this algorithm reads (for logs: what the run is configured by). */
        public Map<String, String> readValues(Hyperparameters hp) {
            Map<String, String> m = new LinkedHashMap<>();
            hp.asMap().forEach((k, v) -> {
                if (reads(k)) m.put(k, v);
            });
            return m;
        }

        void validate(Hyperparameters hp) {
            check.accept(hp);
        }
    }

    /** CleanRL's PPO keys, all read by PPO and RPO. */
    static final Set<String> CLEANRL_PPO_KEYS = Set.of("learning-rate", "anneal-lr", "num-minibatches", "update-epochs",
            "norm-adv", "clip-coef", "clip-vloss", "ent-coef", "vf-coef", "max-grad-norm", "target-kl", "rpo-alpha", "adam-eps");

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        // PPO is RPO with rpo_alpha = 0; both shuffle minibatches and draw RPO noise from one stream, seeded apart
        // from the network initialisation's stream
        Factory ppoFamily = (name, hp, net) -> new Ppo(name, hp, net, new LxmRandom(hp.seed() * 31 + 7));
        register(new Entry("ppo", "PPO, CleanRL's ppo_continuous_action.py",
                "Schulman et al. 2017, arXiv:1707.06347; CleanRL ppo_continuous_action.py", Hyperparameters::ppo,
                CLEANRL_PPO_KEYS, hp -> {}, ppoFamily));
        register(new Entry("rpo", "RPO (PPO with a perturbed mean), CleanRL's rpo_continuous_action.py",
                "Rahman and Xue 2022, arXiv:2212.07536; CleanRL rpo_continuous_action.py", Hyperparameters::rpo,
                CLEANRL_PPO_KEYS, hp -> {}, ppoFamily));
        register(new Entry("trpo", "TRPO, sb3-contrib's TRPO (2.x)",
                "Schulman et al. 2015, arXiv:1502.05477; sb3-contrib sb3_contrib/trpo/trpo.py", Trpo::defaults,
                Trpo.SHARED_KEYS, Trpo::check, (name, hp, net) -> new Trpo(hp, net, new LxmRandom(hp.seed() * 31 + 7))));
        register(new Entry(PpoCma.NAME, "PPO-CMA-m (separate mean and variance networks, a history of H iterations)",
                "Hamalainen et al. 2019 (ICML), arXiv:1810.02541; ppocma/ppocma Agent.py, mode PPO-CMA-m", PpoCma::defaults,
                PpoCma.SHARED_KEYS, hp -> {}, (name, hp, net) -> new PpoCma(hp, net, new LxmRandom(hp.seed() * 31 + 7))));
    }

    private Algorithms() {}

    private static void register(Entry e) {
        ENTRIES.put(e.name(), e);
    }

    /** The known names, in registration order. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** Every registered entry, in registration order. */
    public static List<Entry> entries() {
        return List.copyOf(ENTRIES.values());
    }

    /** The entry called {@code name}; an unknown name is an error that lists the known ones. */
    public static Entry resolve(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("--algo must be one of " + names() + ", was '" + name + "'");
        }
        return e;
    }

    /**
     * The name a run of {@code hp} goes by: its {@code algo}, except in the PPO family, where {@code rpo_alpha}
     * decides (PPO when it is 0, else RPO), as CleanRL's two scripts differ only there.
     */
    public static String nameFor(Hyperparameters hp) {
        if (hp.algo().equals("ppo") || hp.algo().equals("rpo")) return hp.rpoAlpha() == 0 ? "ppo" : "rpo";
        return hp.algo();
    }
}
