package io.tributary.learner.pipeline;

import io.tributary.learner.transport.WeightsBroadcaster;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.OfferFailedException;
import io.tributary.transport.agent.IdleStrategies;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.Agent;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcaster part: the only user of the weights publication. Sends queued control messages (assign; to each
 * actor's cluster node instead when the control plane is the cluster, {@link ClusterControl}) and the
 * newest snapshot the trainer handed over; reports each broadcast's duration to the metrics part. Nothing here
 * waits: a version whose chunks did not all go out stays staged and is offered again at the next duty cycle before
 * anything else (its chunks are not interleaved with control messages); a control message stays at the head of the
 * outbox until it goes out. What stays pending for 30 s fails the part. When the run ends (or is
 * stopped) its close sends the actors {@code Shutdown} first; a restart after a failure does not.
 */
final class BroadcasterAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcasterAgent.class);

    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private final WeightsBroadcaster broadcaster;
    private final LearnerState st;
    private final ActorRef<MetricsRecorder.Command> metrics;
    /** The staged version's number and when it was staged (the broadcast time reported). */
    private long staged = -1;
    private long stagedAtNs;
    /** When what is pending first failed to go out, 0 while nothing is stalled. */
    private long stalledSinceNs;

    BroadcasterAgent(WeightsBroadcaster broadcaster, LearnerState st, ActorRef<MetricsRecorder.Command> metrics) {
        this.broadcaster = broadcaster;
        this.st = st;
        this.metrics = metrics;
    }

    @Override
    public int doWork() {
        long now = System.nanoTime();
        if (broadcaster.hasStaged()) return offerVersion(now);
        int work = 0;
        ControlMessage m;
        ClusterControl cluster = st.clusterControl;
        while ((m = st.outbox.peek()) != null) {
            if (cluster != null) cluster.send(m); // a tell: never back-pressured
            else if (!broadcaster.tryControl(m)) return stalled(now, "control message " + m.getClass().getSimpleName());
            st.outbox.poll();
            stalledSinceNs = 0;
            work++;
        }
        PolicyVersion s = st.toBroadcast.getAndSet(null);
        if (s != null) {
            broadcaster.stage(s);
            staged = s.version;
            stagedAtNs = now;
            work += offerVersion(now);
        }
        return work;
    }

    /** One try at the staged version's remaining chunks; when the last goes out, the broadcast is booked. */
    private int offerVersion(long now) {
        if (!broadcaster.offerStaged()) return stalled(now, "version " + staged);
        stalledSinceNs = 0;
        long end = System.nanoTime();
        st.lastBroadcastEndNs = end;
        boolean first = staged > st.broadcastVersionSent;
        if (first) st.versionBroadcastEndNs = end;
        st.broadcastVersionSent = Math.max(st.broadcastVersionSent, staged);
        if (first) metrics.tell(new MetricsRecorder.Broadcast(staged, end - stagedAtNs));
        return 1;
    }

    /** Something pending did not go out: no work this cycle, unless it has made no progress for too long. */
    private int stalled(long now, String what) {
        if (stalledSinceNs == 0) {
            stalledSinceNs = now;
        } else if (now - stalledSinceNs > OFFER_TIMEOUT_NS && !st.stopping) {
            throw new OfferFailedException(what + " did not go out on the weights stream for " + OFFER_TIMEOUT_NS / 1_000_000 + " ms ("
                    + (broadcaster.isConnected() ? "back-pressured" : "not connected") + ")");
        }
        return 0;
    }

    @Override
    public void onClose() {
        if (st.stopping) try {
            ControlMessage.Shutdown shutdown = new ControlMessage.Shutdown(st.failure != null ? "learner failed" : st.stopReason);
            ClusterControl cluster = st.clusterControl;
            if (cluster != null) cluster.send(shutdown);
            else broadcaster.sendControl(shutdown, IdleStrategies.CLOSING_SEND.newStrategy(), TimeUnit.SECONDS.toNanos(2));
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
