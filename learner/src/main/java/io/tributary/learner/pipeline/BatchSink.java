package io.tributary.learner.pipeline;

import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.control.ControlMessage;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the ingest part puts what it accepted (on the ingest thread): fragments into the actor's batch slot,
 * hellos answered with an assignment (queued for the broadcaster), heartbeats noted. A fragment the batch cannot
 * use — an unassigned actor id, a second one from the same actor, one that became stale while it was decoded — is
 * counted and dropped like a malformed one.
 */
final class BatchSink implements io.tributary.learner.transport.FragmentIngest.Sink {

    private final LearnerState st;
    private final PrintStream out;
    private final Set<Long> rejected = new HashSet<>();

    BatchSink(LearnerState st, PrintStream out) {
        this.st = st;
        this.out = out;
    }

    @Override
    public void onFragment(TrajectoryFragment f, int encodedLength) {
        int id = f.actorId;
        if (id < 0 || id >= st.cfg.actors() || id >= st.assigned) {
            st.drops.record(DecodeResult.UNASSIGNED_ACTOR);
            return;
        }
        synchronized (st) {
            if (f.policyVersion != st.currentVersion) {
                st.drops.record(DecodeResult.STALE);
                return;
            }
            if (st.filled[id]) {
                st.drops.record(DecodeResult.DUPLICATE);
                return;
            }
            Fragments.copy(f, st.slots[id]);
            st.filled[id] = true;
            st.filledCount++;
        }
        st.fragmentsAccepted.incrementAndGet();
        st.heartbeatVersion.accumulateAndGet(id, f.policyVersion, Math::max);
    }

    @Override
    public void onControl(ControlMessage m) {
        switch (m) {
            case ControlMessage.Hello h -> onHello(h);
            case ControlMessage.Heartbeat hb -> {
                int id = hb.actorId();
                if (id >= 0 && id < st.assigned && st.instances[id] == hb.instanceId()) {
                    st.heartbeatVersion.accumulateAndGet(id, hb.weightsVersion(), Math::max);
                }
            }
            default -> {
            }
        }
    }

    private void onHello(ControlMessage.Hello h) {
        int assigned = st.assigned;
        for (int i = 0; i < assigned; i++) {
            if (st.instances[i] == h.instanceId()) { // our assign was lost or is still in flight: repeat it
                st.outbox.add(new ControlMessage.Assign(h.instanceId(), i, st.seedOf(i)));
                return;
            }
        }
        String problem = null;
        if (h.specHash() != st.spec.hash()) {
            problem = "spec hash " + Long.toHexString(h.specHash()) + " differs from " + Long.toHexString(st.spec.hash());
        } else if (!h.envId().equals(st.hp.envId())) {
            problem = "env " + h.envId() + " differs from " + st.hp.envId();
        } else if (h.numEnvs() != st.cfg.envsPerActor() || h.steps() != st.steps) {
            problem = "shape " + h.numEnvs() + " envs x " + h.steps() + " steps differs from " + st.cfg.envsPerActor() + " x " + st.steps;
        } else if (assigned >= st.cfg.actors()) {
            problem = "all " + st.cfg.actors() + " actor slots are taken";
        }
        if (problem != null) {
            if (rejected.add(h.instanceId())) out.printf("learner: rejected actor %s pid %d: %s%n", h.host(), h.pid(), problem);
            return;
        }
        st.instances[assigned] = h.instanceId();
        st.assigned = assigned + 1;
        st.counters.actorsAssigned.setRelease(assigned + 1);
        st.outbox.add(new ControlMessage.Assign(h.instanceId(), assigned, st.seedOf(assigned)));
        out.printf("learner: actor %d is %s pid %d%n", assigned, h.host(), h.pid());
    }
}
