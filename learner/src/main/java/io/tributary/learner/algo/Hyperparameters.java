package io.tributary.learner.algo;

import io.tributary.protocol.PolicySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a PPO/RPO run is configured by, named as in CleanRL ({@code ppo_continuous_action.py},
 * {@code rpo_continuous_action.py}) and defaulting to CleanRL's values. PPO is RPO with {@code rpoAlpha = 0}.
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
        double adamEps) {

    /** CleanRL's RPO defaults ({@code rpo_alpha = 0.5}) for {@code envId}. */
    public static Hyperparameters rpo(String envId) {
        return new Hyperparameters(envId, 1, 8_000_000, 3e-4, 1, 2048, true, 0.99, 0.95, 32, 10, true, 0.2, true, 0.0,
                0.5, 0.5, Double.NaN, 0.5, false, new int[] {64, 64}, PolicySpec.Activation.TANH, 1e-5);
    }

    /** CleanRL's PPO defaults: RPO's with {@code rpo_alpha = 0} and 1M steps. */
    public static Hyperparameters ppo(String envId) {
        return rpo(envId).with("rpo-alpha", "0").with("total-timesteps", "1000000");
    }

    /** Defaults for algorithm {@code algo}, as {@link Algorithms} registers them (an unknown name lists the known). */
    public static Hyperparameters defaults(String algo, String envId) {
        return Algorithms.resolve(algo).defaults(envId);
    }

    public Hyperparameters {
        hidden = hidden.clone();
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

    public PolicySpec policySpec(int observationDim, int actionDim) {
        return new PolicySpec(observationDim, actionDim, hidden, hidden, activation);
    }

    /**
     * Checks every value; a bad one is reported by its command-line key with the allowed range.
     *
     * @return this, for chaining
     */
    public Hyperparameters validate() {
        require(envId != null && !envId.isBlank(), "env-id", "a registered environment id", envId);
        require(totalTimesteps > 0, "total-timesteps", "> 0", totalTimesteps);
        require(learningRate > 0 && Double.isFinite(learningRate), "learning-rate", "> 0", learningRate);
        require(numEnvs >= 1, "num-envs", ">= 1", numEnvs);
        require(numSteps >= 1, "num-steps", ">= 1", numSteps);
        require(gamma >= 0 && gamma <= 1, "gamma", "[0, 1]", gamma);
        require(gaeLambda >= 0 && gaeLambda <= 1, "gae-lambda", "[0, 1]", gaeLambda);
        require(numMinibatches >= 1 && numMinibatches <= batchSize(), "num-minibatches",
                "[1, num-envs * num-steps = " + batchSize() + "]", numMinibatches);
        require(!normAdv || minibatchSize() >= 2, "num-minibatches",
                "at most batch size / 2 when norm-adv is on (the advantage std needs 2 rows)", numMinibatches);
        require(updateEpochs >= 1, "update-epochs", ">= 1", updateEpochs);
        require(clipCoef > 0 && clipCoef < 1, "clip-coef", "(0, 1)", clipCoef);
        require(entCoef >= 0 && Double.isFinite(entCoef), "ent-coef", ">= 0", entCoef);
        require(vfCoef >= 0 && Double.isFinite(vfCoef), "vf-coef", ">= 0", vfCoef);
        require(maxGradNorm > 0, "max-grad-norm", "> 0", maxGradNorm);
        require(Double.isNaN(targetKl) || targetKl > 0, "target-kl", "> 0 or none", targetKl);
        require(rpoAlpha >= 0 && Double.isFinite(rpoAlpha), "rpo-alpha", ">= 0 (0 is PPO)", rpoAlpha);
        require(adamEps > 0, "adam-eps", "> 0", adamEps);
        require(hidden.length >= 1 && Arrays.stream(hidden).allMatch(h -> h >= 1), "hidden",
                "one or more layer sizes >= 1, e.g. 64,64", Arrays.toString(hidden));
        require(totalTimesteps >= batchSize(), "total-timesteps", ">= num-envs * num-steps = " + batchSize(),
                totalTimesteps);
        return this;
    }

    private static void require(boolean ok, String key, String allowed, Object value) {
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
        return m;
    }

    /** A copy with one value replaced, by command-line key; unknown keys and unparsable values are named. */
    public Hyperparameters with(String key, String value) {
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
                    activation(m.get("activation")), Double.parseDouble(m.get("adam-eps")));
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
