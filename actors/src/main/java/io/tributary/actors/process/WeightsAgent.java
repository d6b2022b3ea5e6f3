package io.tributary.actors.process;

import io.tributary.transport.WeightsSubscriber;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.control.ControlMessage;
import java.util.function.Consumer;
import org.agrona.concurrent.Agent;

/**
 * The weights subscriber part of an actor process: polls the weights stream, hands each newly completed
 * {@link PolicyVersion} to the rollout worker, and handles the learner's control messages (assign, resend, shutdown)
 * from the weights stream, or from the cluster ({@link ClusterLink}) when the cluster is on.
 */
final class WeightsAgent implements Agent {

    private final WeightsSubscriber subscriber;
    private final PolicySpec spec;
    private final ActorState state;
    private final ActorCounters counters;
    private final Consumer<String> stop;
    private final java.util.concurrent.atomic.AtomicBoolean connected;
    private long published = -1;

    /**
     * @param open      opens the subscription with the given control listener (a restart opens a new one)
     * @param connected set while the subscription has an image: the rollout worker says hello only then, so the
     *                  learner's assign cannot be sent before this actor can receive it
     */
    WeightsAgent(java.util.function.Function<Consumer<ControlMessage>, WeightsSubscriber> open, PolicySpec spec, ActorState state,
            ActorCounters counters, java.util.concurrent.atomic.AtomicBoolean connected, Consumer<String> stop) {
        this.spec = spec;
        this.state = state;
        this.counters = counters;
        this.stop = stop;
        this.connected = connected;
        this.subscriber = open.apply(this::onAeronControl);
        subscriber.expectRun(state.runId); // other runs' weights and assignments are dropped (FOREIGN_RUN)
    }

    @Override
    public int doWork() {
        int work = subscriber.poll();
        ClusterLink cluster = state.cluster;
        if (cluster != null) {
            io.tributary.transport.cluster.ControlEnvelope e;
            while ((e = cluster.poll()) != null) {
                if (state.runId != 0 && e.runId() != state.runId) subscriber.drops().record(DecodeResult.FOREIGN_RUN);
                else onControl(e.message(), e.runId());
                work++;
            }
        }
        connected.lazySet(subscriber.isConnected());
        PolicyVersion w = subscriber.latest();
        if (w != null && w.version > published) {
            published = w.version;
            if (w.version <= state.newestReceived) return work; // a fresh client's first copy of a version already held
            state.latest = w.copy(); // the subscriber reuses w; the rollout thread gets its own
            state.newestReceived = w.version;
            state.learnerNewsNs = System.nanoTime();
            counters.onWeights(state);
            work++;
        }
        state.countWeightsDrops(subscriber.drops());
        return work;
    }

    /** A control message on the weights stream: the control plane when the cluster is off, nobody's when it is on. */
    private void onAeronControl(ControlMessage m) {
        if (state.cluster != null) subscriber.drops().record(DecodeResult.OFF_CLUSTER);
        else onControl(m, subscriber.lastControlRunId());
    }

    private void onControl(ControlMessage m, long runId) {
        switch (m) {
            case ControlMessage.Assign a when a.instanceId() == state.instanceId && (state.actorId < 0 || state.actorId == a.actorId()) -> {
                if (state.runId == 0) { // started without --run-id: the run that assigned it is its run from now on
                    state.runId = runId;
                    subscriber.expectRun(state.runId);
                }
                if (state.actorId < 0) {
                    state.seed = a.seed();
                    state.actorId = a.actorId();
                }
                state.assignedSession = a.sessionId();
                state.learnerNewsNs = System.nanoTime();
            }
            case ControlMessage.Resend r when r.actorId() == state.actorId -> state.resendRequested.set(r.version());
            case ControlMessage.Shutdown s -> {
                state.stopping = true;
                stop.accept("learner: " + s.reason());
            }
            default -> {
            }
        }
    }

    @Override
    public void onClose() {
        connected.set(false);
        subscriber.close();
    }

    @Override
    public String roleName() {
        return "weights-subscriber";
    }
}
