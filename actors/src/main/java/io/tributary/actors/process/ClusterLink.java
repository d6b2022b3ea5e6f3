package io.tributary.actors.process;

import io.tributary.protocol.control.ControlMessage;
import io.tributary.transport.cluster.ClusterNode;
import io.tributary.transport.cluster.ControlEnvelope;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * An actor process's control plane with the cluster on: its cluster node's child {@code control} is this process's
 * control actor (registered as {@link ClusterNode#ACTORS}); the guardian finds the learner's control actor through the receptionist and
 * sends it hellos, heartbeats and goodbyes ({@link #trySend}, from the rollout part); the learner's assignments,
 * resend requests and shutdowns arrive here and wait in {@link #poll} for the weights part, which handles them as it
 * handled Aeron's. Only a message from a node with the learner's role is taken; the others are counted.
 */
public final class ClusterLink {

    private final ConcurrentLinkedQueue<ControlEnvelope> inbox = new ConcurrentLinkedQueue<>();
    private volatile ActorRef<ControlEnvelope> learner;
    /** The receptionist's newest listing of learner control actors, checked against membership when first needed. */
    private volatile java.util.Set<ActorRef<ControlEnvelope>> listed = java.util.Set.of();
    private volatile Cluster cluster;
    private volatile ActorRef<ControlEnvelope> self;
    private volatile long refused;

    /** The guardian of this process's cluster node. */
    public Behavior<Object> behavior() {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            this.cluster = cluster;
            // the control actor is a child: the receptionist watches a subscriber and a registered service apart
            ActorRef<ControlEnvelope> control = ctx.spawn(Behaviors.receive(ControlEnvelope.class).onMessage(ControlEnvelope.class, e -> {
                if (fromLearner(cluster, e.replyTo().path().address())) inbox.add(e);
                else refused++;
                return Behaviors.same();
            }).build(), "control");
            self = control;
            ctx.getSystem().receptionist().tell(Receptionist.register(ClusterNode.ACTORS, control));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(ClusterNode.LEARNER_CONTROL, ctx.getSelf().narrow()));
            return Behaviors.receive(Object.class)
                    .onMessage(Receptionist.Listing.class, l -> {
                        listed = l.getServiceInstances(ClusterNode.LEARNER_CONTROL);
                        learner = null;
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Sends {@code m} to the learner, stamped with {@code runId}; false while the learner's control actor is not known yet. */
    public boolean trySend(ControlMessage m, long runId) {
        ActorRef<ControlEnvelope> to = learner;
        if (to == null && cluster != null) {
            // the listing can arrive before gossip has shown this node the learner's roles: checked when needed
            for (ActorRef<ControlEnvelope> r : listed) if (fromLearner(cluster, r.path().address())) to = r;
            learner = to;
        }
        ActorRef<ControlEnvelope> from = self;
        if (to == null || from == null) return false;
        to.tell(new ControlEnvelope(runId, m, from));
        return true;
    }

    /** The next message from the learner, or null. */
    ControlEnvelope poll() {
        return inbox.poll();
    }

    /** Control messages refused because they came from a node that is not the learner. */
    public long refused() {
        return refused;
    }

    private static boolean fromLearner(Cluster cluster, Address address) {
        if (address.hasLocalScope()) return false; // the learner is always another process
        for (Member m : cluster.state().getMembers()) {
            if (m.address().equals(address)) return m.hasRole(ClusterNode.LEARNER_ROLE);
        }
        return false;
    }
}
