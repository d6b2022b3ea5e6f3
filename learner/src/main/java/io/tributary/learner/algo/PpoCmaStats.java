package io.tributary.learner.algo;

import java.util.function.ObjDoubleConsumer;

/**
 * What one PPO-CMA update reports, named after the authors' tensors and log lines: the last minibatch's
 * {@code policyMeanLoss} and {@code policySigmaLoss}, the critic's last minibatch MSE, the mean action sd of the
 * policy that collected the batch ({@code Agent.getAverageActionStdev}), the raw advantages' mean and sd (the
 * authors print "Advantage mean, sd"), the history's length in iterations and the explained variance of the
 * rollout's values.
 */
public record PpoCmaStats(double learningRate, double policyMeanLoss, double policySigmaLoss, double criticLoss,
        double actionSd, double advantageMean, double advantageSd, int historyLength, double explainedVariance)
        implements UpdateStats {

    @Override
    public void forEachMetric(ObjDoubleConsumer<String> sink) {
        sink.accept("ppo_cma/learning_rate", learningRate);
        sink.accept("ppo_cma/policy_mean_loss", policyMeanLoss);
        sink.accept("ppo_cma/policy_sigma_loss", policySigmaLoss);
        sink.accept("ppo_cma/critic_loss", criticLoss);
        sink.accept("ppo_cma/action_sd", actionSd);
        sink.accept("ppo_cma/advantage_mean", advantageMean);
        sink.accept("ppo_cma/advantage_sd", advantageSd);
        sink.accept("ppo_cma/history_length", historyLength);
        sink.accept("ppo_cma/explained_variance", explainedVariance);
    }
}
