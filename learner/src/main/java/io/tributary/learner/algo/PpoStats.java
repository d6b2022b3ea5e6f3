package io.tributary.learner.algo;

import java.util.List;
import java.util.function.ObjDoubleConsumer;

/**
 * What one PPO/RPO update reports, under CleanRL's metric names ({@link #forEachMetric}). Losses and KLs are those of the
 * last minibatch, as CleanRL logs them; {@code clipfrac} is the mean over every minibatch of the update.
 * {@code epochs} (fewer than {@code update_epochs} after a {@code target_kl} stop) and {@code gradNorm} (before
 * clipping, last minibatch) are ours; CleanRL does not log them.
 */
public record PpoStats(
        double learningRate,
        double valueLoss,
        double policyLoss,
        double entropy,
        double oldApproxKl,
        double approxKl,
        double clipfrac,
        double explainedVariance,
        int epochs,
        double gradNorm) implements UpdateStats {

    /** CleanRL's names for the values it logs per update, in {@link #forEachMetric}'s order. */
    public static final List<String> CLEANRL_METRICS = List.of("charts/learning_rate", "losses/value_loss",
            "losses/policy_loss", "losses/entropy", "losses/old_approx_kl", "losses/approx_kl", "losses/clipfrac",
            "losses/explained_variance");

    /** Each value CleanRL logs per update, by CleanRL's name, in {@link #CLEANRL_METRICS}'s order. */
    @Override
    public void forEachMetric(ObjDoubleConsumer<String> sink) {
        sink.accept("charts/learning_rate", learningRate);
        sink.accept("losses/value_loss", valueLoss);
        sink.accept("losses/policy_loss", policyLoss);
        sink.accept("losses/entropy", entropy);
        sink.accept("losses/old_approx_kl", oldApproxKl);
        sink.accept("losses/approx_kl", approxKl);
        sink.accept("losses/clipfrac", clipfrac);
        sink.accept("losses/explained_variance", explainedVariance);
    }
}
