package io.tributary.learner.pipeline;

/**
 * One line of the learner's log and of {@code metrics.csv}. Times in seconds: {@code rollout} is the wait from
 * broadcasting version v until the last fragment of v arrived (actors stepping envs, plus the wire), {@code
 * transfer} the learner's own share of it (decoding, validating and copying fragments), {@code update} batch
 * assembly, GAE and the PPO/RPO epochs, {@code broadcast} offering version v+1 to every actor. The update's values
 * are the single-process trainer's, under CleanRL's names; {@code policy_lag} is how many versions the batch's
 * fragments lag the learner's (0 in this synchronous mode, by construction).
 */
public record IterationMetrics(int iteration, long version, long envSteps, double envStepsPerSecond, double meanEpisodicReturn,
        int episodes, double rolloutS, double transferS, double updateS, double broadcastS, long fragmentsDropped,
        double policyLoss, double valueLoss, double approxKl, double entropy, double oldApproxKl, double clipfrac,
        double explainedVariance, double learningRate, long policyLag) {

    public static final String CSV_HEADER = "iteration,version,env_steps,env_steps_per_s,mean_episodic_return,episodes,"
            + "rollout_s,transfer_s,update_s,broadcast_s,fragments_dropped,losses/policy_loss,losses/value_loss,losses/approx_kl,"
            + "losses/entropy,losses/old_approx_kl,losses/clipfrac,losses/explained_variance,charts/learning_rate,policy_lag";

    public String csv() {
        return String.format(java.util.Locale.ROOT, "%d,%d,%d,%.1f,%s,%d,%.4f,%.4f,%.4f,%.4f,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d",
                iteration, version, envSteps, envStepsPerSecond,
                Double.isNaN(meanEpisodicReturn) ? "" : String.format(java.util.Locale.ROOT, "%.3f", meanEpisodicReturn),
                episodes, rolloutS, transferS, updateS, broadcastS, fragmentsDropped, policyLoss, valueLoss, approxKl, entropy,
                oldApproxKl, clipfrac, explainedVariance, learningRate, policyLag);
    }

    public String logLine() {
        return String.format(java.util.Locale.ROOT,
                "iter %d version %d env_steps %d steps/s %.0f return %s (%d eps) rollout %.3fs transfer %.3fs update %.3fs broadcast %.3fs dropped %d"
                        + " lag %d losses/policy_loss=%.4g losses/value_loss=%.4g losses/entropy=%.4g losses/approx_kl=%.4g losses/clipfrac=%.4g"
                        + " losses/explained_variance=%.4g charts/learning_rate=%.4g",
                iteration, version, envSteps, envStepsPerSecond,
                Double.isNaN(meanEpisodicReturn) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", meanEpisodicReturn), episodes,
                rolloutS, transferS, updateS, broadcastS, fragmentsDropped, policyLag, policyLoss, valueLoss, entropy, approxKl, clipfrac,
                explainedVariance, learningRate);
    }
}
