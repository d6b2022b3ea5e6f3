package io.tributary.learner.pipeline;

import io.tributary.transport.cluster.ClusterNode;
import io.tributary.transport.cluster.ControlEnvelope;
import java.io.PrintStream;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The learner's cluster node guardian: Pekko Cluster's member events become {@link MembershipEvents} calls on the
 * learner's state; its child {@code control} is the learner's control actor (registered as
 * {@link ClusterNode#LEARNER_CONTROL}): the actors' control messages arrive there and go to {@link ClusterControl}. An actor member carries its process instance id in its roles ({@link ClusterNode#instanceOf});
 * the actor id is the one that instance's Aeron hello was given. Up: the instance may say hello (with the cluster
 * on, a hello from an instance that is not Up is refused: {@link BatchSink}); UNREACHABLE: {@link MembershipEvents#lost};
 * REACHABLE again: {@link MembershipEvents#back}; REMOVED after a leave: {@link MembershipEvents#left}, REMOVED
 * otherwise (downed by the Split Brain Resolver): {@link MembershipEvents#lost}, and the instance is refused from then on.
 */
final class ClusterMembership {

    private ClusterMembership() {
    }

    static Behavior<Object> create(LearnerState st, PrintStream out) {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(ClusterNode.ACTORS, ctx.getSelf().narrow()));
            // the control actor is a child: the receptionist watches a subscriber and a registered service apart
            ClusterControl control = st.clusterControl;
            var controlActor = ctx.spawn(Behaviors.receive(ControlEnvelope.class).onMessage(ControlEnvelope.class, e -> {
                control.received(e, cluster);
                return Behaviors.same();
            }).build(), "control");
            control.self(controlActor);
            ctx.getSystem().receptionist().tell(Receptionist.register(ClusterNode.LEARNER_CONTROL, controlActor));
            int[] registered = {0};
            return Behaviors.receive(Object.class)
                    .onMessage(ClusterEvent.MemberUp.class, e -> {
                        ifActor(e.member(), instance -> {
                            st.clusterMembers.add(instance);
                            out.printf("learner: cluster: actor node %s is up (instance %x)%n", e.member().address(), instance);
                        });
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.UnreachableMember.class, e -> {
                        ifActor(e.member(), instance -> {
                            st.counters.clusterUnreachable.incrementRelease();
                            int id = st.actorOf(instance);
                            out.printf("learner: cluster: actor node %s (instance %x, actor %d) is unreachable%n", e.member().address(), instance, id);
                            if (id >= 0) st.lost(id, "cluster: node " + e.member().address() + " unreachable");
                        });
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.ReachableMember.class, e -> {
                        ifActor(e.member(), instance -> {
                            int id = st.actorOf(instance);
                            out.printf("learner: cluster: actor node %s (actor %d) is reachable again%n", e.member().address(), id);
                            if (id >= 0) st.back(id, "cluster: node reachable again");
                        });
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberRemoved.class, e -> {
                        ifActor(e.member(), instance -> {
                            st.clusterMembers.remove(instance);
                            st.clusterRemoved.add(instance);
                            int id = st.actorOf(instance);
                            boolean leave = e.previousStatus() == MemberStatus.exiting() || e.previousStatus() == MemberStatus.leaving();
                            out.printf("learner: cluster: actor node %s (actor %d) removed (%s)%n", e.member().address(), id,
                                    leave ? "it left" : "downed");
                            if (id >= 0 && leave) st.left(id, "cluster: node left");
                            else if (id >= 0) st.lost(id, "cluster: node downed and removed");
                        });
                        return Behaviors.same();
                    })
                    .onMessage(Receptionist.Listing.class, l -> {
                        int n = l.getServiceInstances(ClusterNode.ACTORS).size();
                        if (n != registered[0]) out.printf("learner: cluster: %d actor(s) registered with the receptionist%n", n);
                        registered[0] = n;
                        return Behaviors.same();
                    })
                    .onAnyMessage(m -> Behaviors.same())
                    .build();
        });
    }

    private static void ifActor(Member m, java.util.function.LongConsumer then) {
        OptionalLong instance = ClusterNode.instanceOf(m);
        if (instance.isPresent()) then.accept(instance.getAsLong());
    }
}
