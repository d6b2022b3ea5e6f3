package io.tributary.learner.algo;

import java.util.function.ObjDoubleConsumer;

/**
 * What one TRPO update reports, under the names sb3-contrib's TRPO logs ({@code train/*}): the surrogate after the
 * accepted step (before it, when the line search failed), the critic's mean MSE over its minibatches, the mean KL of
 * the accepted step (0 when none), the explained variance of the rollout's values, whether the line search found a
 * step (1 or 0), the mean of {@code exp(log_std)}, and the critic's learning rate. {@code lineSearchSteps} (how many
 * candidate steps were tried) and {@code cgIterations} are ours, not logged by sb3.
 */
public record TrpoStats(double learningRate, double policyObjective, double valueLoss, double klDivergenceLoss,
        double explainedVariance, double isLineSearchSuccess, double std, int lineSearchSteps, int cgIterations)
        implements UpdateStats {

    @Override
    public void forEachMetric(ObjDoubleConsumer<String> sink) {
        sink.accept("train/learning_rate", learningRate);
        sink.accept("train/policy_objective", policyObjective);
        sink.accept("train/value_loss", valueLoss);
        sink.accept("train/kl_divergence_loss", klDivergenceLoss);
        sink.accept("train/explained_variance", explainedVariance);
        sink.accept("train/is_line_search_success", isLineSearchSuccess);
        sink.accept("train/std", std);
    }
}
