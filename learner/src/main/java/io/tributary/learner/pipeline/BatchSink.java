package io.tributary.learner.pipeline;

import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.control.ControlMessage;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the ingest part puts what it accepted (on the ingest thread): fragments admitted on their header and
 * decoded straight into the actor's batch slot, hellos answered with an assignment (queued for the broadcaster),
 * heartbeats noted. A fragment the batch cannot use (an actor id nobody was given, another version, a second one
 * from the same actor) is counted under its own reason and dropped before a float is read.
 */
final class BatchSink implements io.tributary.learner.transport.FragmentIngest.Sink {

    private final LearnerState st;
    private final PrintStream out;
    private final Set<Long> rejected = new HashSet<>();
    private static final long REFUSED_LOG_AFTER_NS = 5_000_000_000L;
    private final java.util.Map<Long, Long> refusedSince = new java.util.HashMap<>();
    private final Set<Long> refusedLogged = new HashSet<>();

    BatchSink(LearnerState st, PrintStream out) {
        this.st = st;
        this.out = out;
    }

    @Override
    public TrajectoryFragment admit(int actorId, long policyVersion, int sessionId) {
        long[] lose = st.lose;
        if (lose != null && lose[0] == actorId && lose[1] == policyVersion) {
            st.lose = null;
            out.printf("learner: test fault: the first copy of actor %d's fragment of version %d is lost%n", actorId, policyVersion);
            return null;
        }
        return st.admit(actorId, policyVersion, sessionId);
    }

    @Override
    public void onFragment(TrajectoryFragment f, int encodedLength) {
        st.filled(f);
        st.fragmentsAccepted.incrementAndGet();
        st.heard(f.actorId, f.policyVersion, -1, "a fragment arrived");
    }

    @Override
    public void onControl(ControlMessage m, int sessionId) {
        if (st.clusterControl != null) {
            // the control plane is the cluster: a control frame on Aeron is nobody's we talk to
            st.drops.record(DecodeResult.OFF_CLUSTER);
            return;
        }
        handle(m, sessionId);
    }

    /**
     * A control message that came over the cluster from the node of the instance it names ({@link ClusterControl}
     * checked that): a hello binds the Aeron session it names; a heartbeat or goodbye speaks for the session its actor
     * is bound to.
     */
    void onClusterControl(ControlMessage m) {
        int session = switch (m) {
            case ControlMessage.Hello h -> h.sessionId();
            case ControlMessage.Heartbeat hb -> st.isInstance(hb.actorId(), hb.instanceId()) ? st.sessionOf(hb.actorId()) : 0;
            case ControlMessage.Goodbye g -> st.isInstance(g.actorId(), g.instanceId()) ? st.sessionOf(g.actorId()) : 0;
            default -> 0;
        };
        handle(m, session);
    }

    private void handle(ControlMessage m, int sessionId) {
        switch (m) {
            case ControlMessage.Hello h -> {
                if (h.sessionId() != sessionId) {
                    st.drops.record(DecodeResult.FOREIGN_SESSION); // relayed from another publication
                    return;
                }
                if (!st.clusterAdmits(h.instanceId())) {
                    st.counters.clusterRefused.incrementRelease();
                    // a node is up some seconds after its first hello: say so only for one refused for longer
                    long first = refusedSince.computeIfAbsent(h.instanceId(), k -> System.nanoTime());
                    if (System.nanoTime() - first > REFUSED_LOG_AFTER_NS && refusedLogged.add(h.instanceId())) {
                        out.printf("learner: refused a hello from %s pid %d (instance %x): not a member of the cluster (%s)%n", h.host(), h.pid(),
                                h.instanceId(), st.clusterRemoved.contains(h.instanceId()) ? "its node was removed"
                                        : "its node has not joined: no valid credential, or not yet up");
                    }
                    return;
                }
                onHello(h);
            }
            case ControlMessage.Heartbeat hb -> {
                int id = hb.actorId();
                if (id >= 0 && st.isInstance(id, hb.instanceId()) && st.clusterAdmits(hb.instanceId())) {
                    if (!st.boundTo(id, sessionId)) {
                        st.drops.record(DecodeResult.FOREIGN_SESSION);
                        return;
                    }
                    st.heard(id, hb.weightsVersion(), hb.publishedVersion(), "heartbeat");
                }
            }
            case ControlMessage.Goodbye g -> {
                int id = g.actorId();
                if (id >= 0 && st.isInstance(id, g.instanceId()) && st.boundTo(id, sessionId)) {
                    st.left(id, "goodbye: " + g.reason());
                } else {
                    st.drops.record(DecodeResult.FOREIGN_SESSION);
                }
            }
            default -> {
            }
        }
    }

    private void onHello(ControlMessage.Hello h) {
        int known = st.actorOf(h.instanceId());
        if (known >= 0) {
            int bound = st.sessionOf(known);
            if (bound != h.sessionId()) {
                // the actor's publication was replaced (a part restart, a fresh Aeron client after a pause): move the
                // binding, if it shows the secret of its first hello
                if (!st.rebind(known, h.secret(), h.sessionId())) {
                    st.drops.record(DecodeResult.FOREIGN_SESSION);
                    if (rejected.add(h.instanceId() ^ h.secret())) {
                        out.printf("learner: refused a hello for actor %d from session %d: wrong secret%n", known, h.sessionId());
                    }
                    return;
                }
                st.counters.actorRebinds.incrementRelease();
                out.printf("learner: actor %d moved from session %d to session %d (new publication)%n", known, bound, h.sessionId());
            }
            st.heard(known, -1, -1, "hello from session " + h.sessionId());
            // our assign was lost or is still in flight, or the binding moved: (re)confirm it
            st.outbox.add(new ControlMessage.Assign(h.instanceId(), known, st.seedOf(known), h.sessionId()));
            return;
        }
        String problem = null;
        if (h.specHash() != st.spec.hash()) {
            problem = "spec hash " + Long.toHexString(h.specHash()) + " differs from " + Long.toHexString(st.spec.hash());
        } else if (!h.envId().equals(st.hp.envId())) {
            problem = "env " + h.envId() + " differs from " + st.hp.envId();
        } else if (h.numEnvs() != st.cfg.envsPerActor() || h.steps() != st.steps) {
            problem = "shape " + h.numEnvs() + " envs x " + h.steps() + " steps differs from " + st.cfg.envsPerActor() + " x " + st.steps;
        }
        if (problem != null) {
            if (rejected.add(h.instanceId())) out.printf("learner: rejected actor %s pid %d: %s%n", h.host(), h.pid(), problem);
            return;
        }
        // more actors than --actors may join (the batch grows at the next boundary); a lost actor's id is taken over
        int id = st.joined(new MembershipEvents.Join(h.instanceId(), h.secret(), h.sessionId(), h.requestedActorId(), h.pid(),
                h.host() + " pid " + h.pid()));
        st.outbox.add(new ControlMessage.Assign(h.instanceId(), id, st.seedOf(id), h.sessionId()));
    }
}
