package io.tributary.learner.algo;

import io.tributary.protocol.PolicySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything a run is configured by. The record's keys are CleanRL's ({@code ppo_continuous_action.py},
 * {@code rpo_continuous_action.py}), named and defaulting as there; {@link #RUN_KEYS} are read by every algorithm
 * (the learner's batch, GAE and network), the others by the algorithms that declare them ({@link
 * Algorithms.Entry#reads}). What one algorithm has beyond these is {@code options}: its own keys by its
 * reference's names ({@link AlgorithmOptions}). {@code algo} names the {@link Algorithms} entry; an algorithm's
 * defaults (its entry's) are written once, in its entry or its keys. PPO is RPO with {@code rpoAlpha = 0}.
 *
 * @param targetKl           early-stop threshold on approx KL per epoch; {@code NaN} means none (CleanRL's None)
 * @param bootstrapTruncated when true, truncated episodes are bootstrapped from the value of their final
 *                           observation (correct for time limits); false reproduces CleanRL, which treats every
 *                           episode end as terminal
 */
public record Hyperparameters(
        String envId,
        long seed,
        long totalTimesteps,
        double learningRate,
        int numEnvs,
        int numSteps,
        boolean annealLr,
        double gamma,
        double gaeLambda,
        int numMinibatches,
        int updateEpochs,
        boolean normAdv,
        double clipCoef,
        boolean clipVloss,
        double entCoef,
        double vfCoef,
        double maxGradNorm,
        double targetKl,
        double rpoAlpha,
        boolean bootstrapTruncated,
        int[] hidden,
        PolicySpec.Activation activation,
        double adamEps,
        String algo,
        AlgorithmOptions options) {

    /** The keys every algorithm reads: the rollout's shape, GAE, the network; the others are CleanRL's PPO keys. */
    public static final Set<String> RUN_KEYS = Set.of("env-id", "seed", "total-timesteps", "num-envs", "num-steps", "gamma",
            "gae-lambda", "bootstrap-truncated", "hidden", "activation");

    /** CleanRL's RPO defaults ({@code rpo_alpha = 0.5}) for {@code envId}. */
    public static Hyperparameters rpo(String envId) {
        return new Hyperparameters(envId, 1, 8_000_000, 3e-4, 1, 2048, true, 0.99, 0.95, 32, 10, true, 0.2, true, 0.0,
                0.5, 0.5, Double.NaN, 0.5, false, new int[] {64, 64}, PolicySpec.Activation.TANH, 1e-5, "rpo",
                AlgorithmOptions.NONE);
    }

    /** CleanRL's PPO defaults: RPO's with {@code rpo_alpha = 0} and 1M steps. */
    public static Hyperparameters ppo(String envId) {
        return rpo(envId).forAlgorithm("ppo", AlgorithmOptions.NONE).with("rpo-alpha", "0").with("total-timesteps", "1000000");
    }

    /** These values for algorithm {@code algo} with its {@code options} (an {@link Algorithms} entry's defaults). */
    public Hyperparameters forAlgorithm(String algo, AlgorithmOptions options) {
        return new Hyperparameters(envId, seed, totalTimesteps, learningRate, numEnvs, numSteps, annealLr, gamma, gaeLambda,
                numMinibatches, updateEpochs, normAdv, clipCoef, clipVloss, entCoef, vfCoef, maxGradNorm, targetKl, rpoAlpha,
                bootstrapTruncated, hidden, activation, adamEps, algo, options);
    }

    /** Defaults for algorithm {@code algo}, as {@link Algorithms} registers them (an unknown name lists the known). */
    public static Hyperparameters defaults(String algo, String envId) {
        return Algorithms.resolve(algo).defaults(envId);
    }

    public Hyperparameters {
        hidden = hidden.clone();
        if (algo == null || options == null) throw new IllegalArgumentException("algo and options must be given");
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public int batchSize() {
        return numEnvs * numSteps;
    }

    public int minibatchSize() {
        return batchSize() / numMinibatches;
    }

    public int numIterations() {
        return (int) (totalTimesteps / batchSize());
    }

    public boolean hasTargetKl() {
        return !Double.isNaN(targetKl);
    }

    /**
     * The network of this run for an environment's sizes; PPO-CMA's needs the action bounds (the
     * {@link #policySpec(int, double[], double[])} form) and is refused here.
     */
    public PolicySpec policySpec(int observationDim, int actionDim) {
        if (algo.equals(PpoCma.NAME)) {
            throw new IllegalArgumentException("--algo " + PpoCma.NAME + "'s policy soft-clips into the action bounds: "
                    + "build its spec with policySpec(observationDim, low, high)");
        }
        return new PolicySpec(observationDim, actionDim, hidden, hidden, activation);
    }

    /**
     * The network of this run for an environment with actions in {@code [low, high]}: PPO-CMA's variance-MLP layout
     * (the bounds and {@code --sd-low-limit} in it), the {@code log_std} layout for the others.
     */
    public PolicySpec policySpec(int observationDim, double[] low, double[] high) {
        if (algo.equals(PpoCma.NAME)) {
            return new PolicySpec(observationDim, low.length, hidden, hidden, activation, PpoCma.varianceMlp(this, low, high));
        }
        return new PolicySpec(observationDim, low.length, hidden, hidden, activation);
    }

    /**
     * Checks every value; a bad one is reported by its command-line key with the allowed range.
     *
     * @return this, for chaining
     */
    public Hyperparameters validate() {
        Algorithms.Entry entry = Algorithms.resolve(algo);
        require(envId != null && !envId.isBlank(), "env-id", "a registered environment id", envId);
        require(totalTimesteps > 0, "total-timesteps", "> 0", totalTimesteps);
        if (entry.reads("learning-rate")) {
            require(learningRate > 0 && Double.isFinite(learningRate), "learning-rate", "> 0", learningRate);
        }
        require(numEnvs >= 1, "num-envs", ">= 1", numEnvs);
        require(numSteps >= 1, "num-steps", ">= 1", numSteps);
        require(gamma >= 0 && gamma <= 1, "gamma", "[0, 1]", gamma);
        require(gaeLambda >= 0 && gaeLambda <= 1, "gae-lambda", "[0, 1]", gaeLambda);
        if (entry.reads("num-minibatches")) {
            require(numMinibatches >= 1 && numMinibatches <= batchSize(), "num-minibatches",
                    "[1, num-envs * num-steps = " + batchSize() + "]", numMinibatches);
            require(!normAdv || minibatchSize() >= 2, "num-minibatches",
                    "at most batch size / 2 when norm-adv is on (the advantage std needs 2 rows)", numMinibatches);
        }
        if (entry.reads("update-epochs")) require(updateEpochs >= 1, "update-epochs", ">= 1", updateEpochs);
        if (entry.reads("clip-coef")) require(clipCoef > 0 && clipCoef < 1, "clip-coef", "(0, 1)", clipCoef);
        if (entry.reads("ent-coef")) require(entCoef >= 0 && Double.isFinite(entCoef), "ent-coef", ">= 0", entCoef);
        if (entry.reads("vf-coef")) require(vfCoef >= 0 && Double.isFinite(vfCoef), "vf-coef", ">= 0", vfCoef);
        if (entry.reads("max-grad-norm")) require(maxGradNorm > 0, "max-grad-norm", "> 0", maxGradNorm);
        if (entry.reads("target-kl")) require(Double.isNaN(targetKl) || targetKl > 0, "target-kl", "> 0 or none", targetKl);
        if (entry.reads("rpo-alpha")) {
            require(rpoAlpha >= 0 && Double.isFinite(rpoAlpha), "rpo-alpha", ">= 0 (0 is PPO)", rpoAlpha);
        }
        if (entry.reads("adam-eps")) require(adamEps > 0, "adam-eps", "> 0", adamEps);
        require(hidden.length >= 1 && Arrays.stream(hidden).allMatch(h -> h >= 1), "hidden",
                "one or more layer sizes >= 1, e.g. 64,64", Arrays.toString(hidden));
        require(totalTimesteps >= batchSize(), "total-timesteps", ">= num-envs * num-steps = " + batchSize(),
                totalTimesteps);
        require(options.keys().equals(entry.defaults("x").options().keys()), "algo",
                "run with its own keys " + entry.defaults("x").options().asMap().keySet(), algo + " " + options);
        entry.validate(this);
        return this;
    }

    static void require(boolean ok, String key, String allowed, Object value) {
        if (!ok) throw new IllegalArgumentException("--" + key + " must be " + allowed + ", was " + value);
    }

    /** The values as key -> text, with the command-line keys (for logs and the run directory). */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("env-id", envId);
        m.put("seed", Long.toString(seed));
        m.put("total-timesteps", Long.toString(totalTimesteps));
        m.put("learning-rate", Double.toString(learningRate));
        m.put("num-envs", Integer.toString(numEnvs));
        m.put("num-steps", Integer.toString(numSteps));
        m.put("anneal-lr", Boolean.toString(annealLr));
        m.put("gamma", Double.toString(gamma));
        m.put("gae-lambda", Double.toString(gaeLambda));
        m.put("num-minibatches", Integer.toString(numMinibatches));
        m.put("update-epochs", Integer.toString(updateEpochs));
        m.put("norm-adv", Boolean.toString(normAdv));
        m.put("clip-coef", Double.toString(clipCoef));
        m.put("clip-vloss", Boolean.toString(clipVloss));
        m.put("ent-coef", Double.toString(entCoef));
        m.put("vf-coef", Double.toString(vfCoef));
        m.put("max-grad-norm", Double.toString(maxGradNorm));
        m.put("target-kl", hasTargetKl() ? Double.toString(targetKl) : "none");
        m.put("rpo-alpha", Double.toString(rpoAlpha));
        m.put("bootstrap-truncated", Boolean.toString(bootstrapTruncated));
        m.put("hidden", String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()));
        m.put("activation", activation.name().toLowerCase());
        m.put("adam-eps", Double.toString(adamEps));
        m.put("algo", algo);
        m.putAll(options.asMap());
        return m;
    }

    /** A copy with one value replaced, by command-line key; unknown keys and unparsable values are named. */
    public Hyperparameters with(String key, String value) {
        if (options.has(key)) return forAlgorithm(algo, options.with(key, value));
        if (key.equals("algo")) {
            throw new IllegalArgumentException("the algorithm is chosen with its defaults: Hyperparameters.defaults(algo, env)");
        }
        Map<String, String> m = asMap();
        if (!m.containsKey(key)) {
            throw new IllegalArgumentException("unknown option --" + key + "; known: --" + String.join(", --", m.keySet()));
        }
        m.put(key, value);
        try {
            return new Hyperparameters(m.get("env-id"), Long.parseLong(m.get("seed")),
                    Long.parseLong(m.get("total-timesteps").replace("_", "")), Double.parseDouble(m.get("learning-rate")),
                    Integer.parseInt(m.get("num-envs")), Integer.parseInt(m.get("num-steps")),
                    bool("anneal-lr", m.get("anneal-lr")), Double.parseDouble(m.get("gamma")),
                    Double.parseDouble(m.get("gae-lambda")), Integer.parseInt(m.get("num-minibatches")),
                    Integer.parseInt(m.get("update-epochs")), bool("norm-adv", m.get("norm-adv")),
                    Double.parseDouble(m.get("clip-coef")), bool("clip-vloss", m.get("clip-vloss")),
                    Double.parseDouble(m.get("ent-coef")), Double.parseDouble(m.get("vf-coef")),
                    Double.parseDouble(m.get("max-grad-norm")),
                    m.get("target-kl").equalsIgnoreCase("none") ? Double.NaN : Double.parseDouble(m.get("target-kl")),
                    Double.parseDouble(m.get("rpo-alpha")), bool("bootstrap-truncated", m.get("bootstrap-truncated")),
                    Arrays.stream(m.get("hidden").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray(),
                    activation(m.get("activation")), Double.parseDouble(m.get("adam-eps")), algo, options);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": '" + value + "' is not a number", e);
        }
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("--" + key + " must be true or false, was '" + v + "'");
        };
    }

    private static PolicySpec.Activation activation(String v) {
        for (PolicySpec.Activation a : PolicySpec.Activation.values()) {
            if (a.name().equalsIgnoreCase(v)) return a;
        }
        throw new IllegalArgumentException("--activation must be one of [tanh, relu], was '" + v + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperparameters h && h.asMap().equals(asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "Hyperparameters" + asMap();
    }
}
