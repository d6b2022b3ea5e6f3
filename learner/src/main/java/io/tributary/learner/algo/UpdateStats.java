package io.tributary.learner.algo;

/**
 * What one update reports, under CleanRL's metric names. Losses and KLs are those of the last minibatch, as
 * CleanRL logs them; {@code clipfrac} is the mean over every minibatch of the update.
 */
public record UpdateStats(
        double learningRate,
        double valueLoss,
        double policyLoss,
        double entropy,
        double oldApproxKl,
        double approxKl,
        double clipfrac,
        double explainedVariance,
        int epochs,
        double gradNorm) {
}
