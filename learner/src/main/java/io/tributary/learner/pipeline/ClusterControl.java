package io.tributary.learner.pipeline;

import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.cluster.ClusterNode;
import io.tributary.transport.cluster.ControlEnvelope;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The learner's control plane with the cluster on: actors' hellos, heartbeats and goodbyes arrive as
 * {@link ControlEnvelope}s at the learner's control actor ({@link ClusterMembership}), are checked here and queued for
 * the ingest part, which handles them as it handles Aeron's ({@link BatchSink#onClusterControl}); the learner's
 * assignments, resend requests and shutdowns go back to each actor's control actor from the broadcaster part.
 *
 * <p>Checked on arrival, each refusal counted under its reason: another run's message ({@code FOREIGN_RUN}); a message
 * naming an instance other than the one its sending node carries in its roles ({@code FOREIGN_SESSION}: a member
 * cannot speak for another); a message only the learner sends ({@code BAD_CONTROL}). The sending node is
 * authenticated by the cluster's transport (mutual TLS with {@code --cluster-tls}), so the Aeron session a hello
 * names is the one its fragments are then accepted from.
 */
final class ClusterControl {

    private final LearnerState st;
    private final long runId;
    private final ConcurrentLinkedQueue<ControlMessage> inbox = new ConcurrentLinkedQueue<>();
    /** Each actor instance's control actor, learned from its messages. */
    private final Map<Long, ActorRef<ControlEnvelope>> routes = new ConcurrentHashMap<>();
    private volatile ActorRef<ControlEnvelope> self;

    ClusterControl(LearnerState st, long runId) {
        this.st = st;
        this.runId = runId;
    }

    /** The learner's control actor, where answers to it go. */
    void self(ActorRef<ControlEnvelope> self) {
        this.self = self;
    }

    /** An envelope from an actor (the control actor's thread). */
    void received(ControlEnvelope e, Cluster cluster) {
        if (e.runId() != runId && e.runId() != 0) {
            st.drops.record(DecodeResult.FOREIGN_RUN);
            return;
        }
        long claimed = switch (e.message()) {
            case ControlMessage.Hello h -> h.instanceId();
            case ControlMessage.Heartbeat h -> h.instanceId();
            case ControlMessage.Goodbye g -> g.instanceId();
            default -> Long.MIN_VALUE;
        };
        if (claimed == Long.MIN_VALUE) {
            st.drops.record(DecodeResult.BAD_CONTROL); // only the learner assigns, asks again and shuts down
            return;
        }
        OptionalLong sender = instanceAt(cluster, e.replyTo().path().address());
        if (sender.isEmpty() || sender.getAsLong() != claimed) {
            st.drops.record(DecodeResult.FOREIGN_SESSION);
            return;
        }
        routes.put(claimed, e.replyTo());
        inbox.add(e.message());
    }

    /** The next message that arrived, or null (the ingest part). */
    ControlMessage poll() {
        return inbox.poll();
    }

    /** Sends a message of the learner's to the actor(s) it is for (the broadcaster part); never waits. */
    void send(ControlMessage m) {
        ActorRef<ControlEnvelope> from = self;
        switch (m) {
            case ControlMessage.Assign a -> tell(routes.get(a.instanceId()), m, from);
            case ControlMessage.Resend r -> {
                long instance = st.instanceOfActor(r.actorId());
                if (instance != 0) tell(routes.get(instance), m, from);
            }
            default -> routes.values().forEach(to -> tell(to, m, from)); // shutdown
        }
    }

    private void tell(ActorRef<ControlEnvelope> to, ControlMessage m, ActorRef<ControlEnvelope> from) {
        if (to != null && from != null) to.tell(new ControlEnvelope(runId, m, from));
    }

    private static OptionalLong instanceAt(Cluster cluster, Address address) {
        for (Member m : cluster.state().getMembers()) {
            if (m.address().equals(address)) return ClusterNode.instanceOf(m);
        }
        for (Member m : cluster.state().getUnreachable()) {
            if (m.address().equals(address)) return ClusterNode.instanceOf(m);
        }
        return OptionalLong.empty();
    }
}
