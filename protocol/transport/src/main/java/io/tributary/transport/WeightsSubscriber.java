package io.tributary.transport;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.codec.MessageHeader;
import io.tributary.protocol.codec.MessageType;
import io.tributary.protocol.codec.WeightsReassembler;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import java.util.function.Consumer;

/**
 * An actor's side of the weights stream: reassembles weights chunks into the newest {@link PolicyVersion} and
 * hands control messages (assign, shutdown) to a listener. Bad messages are counted in {@link DropCounters} and
 * dropped. Polled by one thread ({@link #poll()}), typically from a wait loop with an Aeron idle strategy.
 */
public final class WeightsSubscriber implements AutoCloseable {

    private final Subscription subscription;
    private final WeightsReassembler reassembler;
    private final ControlCodec control = new ControlCodec();
    private final DropCounters drops;
    private final Consumer<ControlMessage> controlListener;
    private final FragmentAssembler assembler;
    private PolicyVersion scratch;
    private PolicyVersion latest;
    private boolean hasLatest;

    public WeightsSubscriber(Aeron aeron, TransportConfig config, PolicySpec spec, DropCounters drops,
            Consumer<ControlMessage> controlListener) {
        this.subscription = aeron.addSubscription(config.weightsSubscriptionChannel(), config.weightsStreamId());
        this.reassembler = new WeightsReassembler(spec);
        this.drops = drops;
        this.controlListener = controlListener;
        this.scratch = new PolicyVersion(spec);
        this.latest = new PolicyVersion(spec);
        FragmentHandler handler = (buffer, offset, length, header) -> onMessage(buffer, offset, length);
        this.assembler = new FragmentAssembler(handler);
    }

    private void onMessage(org.agrona.DirectBuffer buffer, int offset, int length) {
        if (io.tributary.transport.Offers.isTailMarker(buffer, offset, length)) return; // after each message on UDP
        MessageType type = MessageType.of(MessageHeader.typeCode(buffer, offset, length));
        if (type == MessageType.WEIGHTS_CHUNK) {
            DecodeResult r = drops.record(reassembler.onChunk(buffer, offset, length, scratch));
            if (r == DecodeResult.OK) {
                PolicyVersion t = latest;
                latest = scratch;
                scratch = t;
                hasLatest = true;
            }
        } else if (type == MessageType.CONTROL) {
            ControlMessage m = control.decode(buffer, offset, length);
            if (m == null) drops.record(control.lastResult());
            else controlListener.accept(m);
        } else {
            drops.record(length < MessageHeader.LENGTH ? DecodeResult.TOO_SHORT : DecodeResult.WRONG_TYPE);
        }
    }

    /** Polls up to a few messages; returns the work count (for an idle strategy). */
    public int poll() {
        return subscription.poll(assembler, 16);
    }

    public boolean isConnected() {
        return subscription.isConnected();
    }

    /** The newest complete broadcast, or null before the first; valid until the next {@link #poll()}. */
    public PolicyVersion latest() {
        return hasLatest ? latest : null;
    }

    public long latestVersion() {
        return hasLatest ? latest.version : -1;
    }

    /**
     * Accept only run {@code runId}'s weights and control messages from now on (0: an actor that has not learned its
     * run yet accepts every run's control messages, to read its run from the learner's assign, and no weights).
     */
    public void expectRun(long runId) {
        reassembler.expectRun(runId);
        control.runId(runId);
    }

    /** The run id of the last control message handed to the listener. */
    public long lastControlRunId() {
        return control.lastRunId();
    }

    public DropCounters drops() {
        return drops;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
