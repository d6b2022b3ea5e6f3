package io.tributary.learner.pipeline;

import io.tributary.learner.transport.WeightsBroadcaster;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.control.ControlMessage;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcaster part: the only user of the weights publication. Sends queued control messages (assign) and the
 * newest snapshot the trainer handed over; reports each broadcast's duration to the metrics part. When the run
 * ends (or is stopped) its close sends the actors {@code Shutdown} first; a restart after a failure does not.
 */
final class BroadcasterAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcasterAgent.class);

    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final WeightsBroadcaster broadcaster;
    private final LearnerState st;
    private final ActorRef<MetricsRecorder.Command> metrics;
    private final IdleStrategy offerIdle = new BackoffIdleStrategy(100, 10, 10_000, 500_000);
    /** Built once, not as a capturing lambda at every offer. */
    private final java.util.function.BooleanSupplier stopping;

    BroadcasterAgent(WeightsBroadcaster broadcaster, LearnerState st, ActorRef<MetricsRecorder.Command> metrics) {
        this.broadcaster = broadcaster;
        this.st = st;
        this.metrics = metrics;
        this.stopping = () -> st.stopping;
    }

    @Override
    public int doWork() {
        int work = 0;
        ControlMessage m;
        while ((m = st.outbox.poll()) != null) {
            if (!broadcaster.sendControl(m, offerIdle, OFFER_TIMEOUT_NS, stopping)) return work;
            work++;
        }
        PolicyVersion s = st.toBroadcast.getAndSet(null);
        if (s != null) {
            long t = System.nanoTime();
            if (broadcaster.broadcast(s, offerIdle, OFFER_TIMEOUT_NS, stopping) < 0) return work;
            long end = System.nanoTime();
            st.lastBroadcastEndNs = end;
            boolean first = s.version > st.broadcastVersionSent;
            st.broadcastVersionSent = Math.max(st.broadcastVersionSent, s.version);
            if (first) metrics.tell(new MetricsRecorder.Broadcast(s.version, end - t));
            work++;
        }
        return work;
    }

    @Override
    public void onClose() {
        if (st.stopping) try {
            broadcaster.sendControl(new ControlMessage.Shutdown(st.failure != null ? "learner failed" : st.stopReason), offerIdle,
                    TimeUnit.SECONDS.toNanos(2));
        } catch (RuntimeException e) {
            LOG.warn("could not send shutdown: {}", e.getMessage());
        }
        broadcaster.close();
    }

    @Override
    public String roleName() {
        return "broadcaster";
    }
}
