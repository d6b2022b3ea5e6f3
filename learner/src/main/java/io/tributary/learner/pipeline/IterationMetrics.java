package io.tributary.learner.pipeline;

import io.tributary.learner.algo.UpdateStats;
import java.util.Locale;

/**
 * One line of the learner's log and of {@code metrics.csv}. Times in seconds: {@code rollout} is the wait from
 * broadcasting version v until the last fragment of v arrived (actors stepping envs, plus the wire), {@code
 * transfer} the learner's own share of it (decoding, validating and copying fragments), {@code update} batch
 * assembly, GAE and the algorithm's update, {@code broadcast} offering version v+1 to every actor. The update's
 * values are the single-process trainer's, under the algorithm's reference's names ({@link UpdateStats}: CleanRL's
 * for PPO/RPO, sb3's for TRPO); {@code policy_lag} is how many versions the batch's fragments lag the learner's (0
 * in this synchronous mode, by construction); {@code fragment_resends} how many fragments of this version the learner
 * asked for again (published by an actor, not arrived within {@code --fragment-resend-ms}). {@code max_stall_s} is the
 * longest wait for a fragment in the iteration, from the version's broadcast or the previous fragment ({@link StallClock}); {@code naks_sent}, {@code naks_received},
 * {@code retransmits_sent}, {@code loss_gap_fills} are the learner's media driver's Aeron system counters over the
 * iteration (NAKs it sent for lost fragment data, NAKs the actors sent for lost weights data, what it retransmitted,
 * gaps given up on: data lost for good, 0 on a healthy run).
 */
public record IterationMetrics(int iteration, long version, long envSteps, double envStepsPerSecond, double meanEpisodicReturn,
        int episodes, double rolloutS, double transferS, double updateS, double broadcastS, long fragmentsDropped,
        UpdateStats update, long policyLag, double meanEpisodicLength, int fragmentResends, double maxStallS,
        io.tributary.transport.LossCounters loss, MembershipTally.Membership membership) {

    static final String FIXED_HEADER = "iteration,version,env_steps,env_steps_per_s,mean_episodic_return,episodes,"
            + "rollout_s,transfer_s,update_s,broadcast_s,fragments_dropped";

    /** The CSV header for an update that reports {@code update}'s metrics. */
    public static String csvHeader(UpdateStats update) {
        return FIXED_HEADER + "," + String.join(",", update.metricNames()) + ",policy_lag,mean_episodic_length,fragment_resends,"
                + "max_stall_s,naks_sent,naks_received,retransmits_sent,loss_gap_fills," + MembershipTally.Membership.HEADER;
    }

    /**
     * The row for the {@link io.tributary.learner.metrics.MetricsSink}s: CleanRL's tags for what CleanRL logs
     * ({@code charts/SPS}, {@code charts/episodic_return}, {@code charts/episodic_length}, the update's own names),
     * {@code tributary/*} for the pipeline's numbers.
     */
    public java.util.Map<String, Double> scalars() {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("charts/episodic_return", meanEpisodicReturn);
        m.put("charts/episodic_length", meanEpisodicLength);
        m.put("charts/SPS", envStepsPerSecond);
        update.forEachMetric(m::put);
        m.put("tributary/iteration", (double) iteration);
        m.put("tributary/version", (double) version);
        m.put("tributary/episodes", (double) episodes);
        m.put("tributary/policy_lag", (double) policyLag);
        m.put("tributary/fragments_dropped", (double) fragmentsDropped);
        m.put("tributary/fragment_resends", (double) fragmentResends);
        m.put("tributary/fragments", (double) membership.fragments());
        m.put("tributary/members", (double) membership.members());
        m.put("tributary/actors_lost", (double) membership.lost());
        m.put("tributary/actors_respawned", (double) membership.respawned());
        m.put("tributary/grace_expired", (double) membership.graceExpired());
        m.put("tributary/slots_taken_over", (double) membership.takenOver());
        m.put("tributary/actors_joined", (double) membership.joined());
        m.put("tributary/actors_left", (double) membership.left());
        m.put("tributary/actors_back", (double) membership.back());
        m.put("tributary/max_stall_s", maxStallS);
        m.put("tributary/naks_sent", (double) loss.naksSent());
        m.put("tributary/naks_received", (double) loss.naksReceived());
        m.put("tributary/retransmits_sent", (double) loss.retransmitsSent());
        m.put("tributary/loss_gap_fills", (double) loss.lossGapFills());
        m.put("tributary/rollout_s", rolloutS);
        m.put("tributary/transfer_s", transferS);
        m.put("tributary/update_s", updateS);
        m.put("tributary/broadcast_s", broadcastS);
        return m;
    }

    /** The update's value called {@code name} ({@link UpdateStats#metric}). */
    public double metric(String name) {
        return update.metric(name);
    }

    public String csv() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d,%d,%d,%.1f,%s,%d,%.4f,%.4f,%.4f,%.4f,%d",
                iteration, version, envSteps, envStepsPerSecond,
                Double.isNaN(meanEpisodicReturn) ? "" : String.format(Locale.ROOT, "%.3f", meanEpisodicReturn),
                episodes, rolloutS, transferS, updateS, broadcastS, fragmentsDropped));
        update.forEachMetric((name, v) -> b.append(',').append(String.format(Locale.ROOT, "%.6g", v)));
        return b.append(',').append(policyLag).append(',')
                .append(Double.isNaN(meanEpisodicLength) ? "" : String.format(Locale.ROOT, "%.1f", meanEpisodicLength))
                .append(',').append(fragmentResends)
                .append(String.format(Locale.ROOT, ",%.4f,%d,%d,%d,%d", maxStallS, loss.naksSent(), loss.naksReceived(),
                        loss.retransmitsSent(), loss.lossGapFills())).append(',').append(membership.csv()).toString();
    }

    public String logLine() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "iter %d version %d env_steps %d steps/s %.0f return %s length %s (%d eps) rollout %.3fs transfer %.3fs update %.3fs broadcast %.3fs dropped %d"
                        + " resent %d lag %d max_stall %.3fs naks_sent %d naks_received %d retransmits_sent %d loss_gap_fills %d",
                iteration, version, envSteps, envStepsPerSecond,
                Double.isNaN(meanEpisodicReturn) ? "n/a" : String.format(Locale.ROOT, "%.2f", meanEpisodicReturn),
                Double.isNaN(meanEpisodicLength) ? "n/a" : String.format(Locale.ROOT, "%.1f", meanEpisodicLength), episodes,
                rolloutS, transferS, updateS, broadcastS, fragmentsDropped, fragmentResends, policyLag, maxStallS,
                loss.naksSent(), loss.naksReceived(), loss.retransmitsSent(), loss.lossGapFills()));
        b.append(' ').append(membership.log());
        update.forEachMetric((name, v) -> b.append(' ').append(name).append('=').append(String.format(Locale.ROOT, "%.4g", v)));
        return b.toString();
    }
}
