package io.tributary.learner.transport;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.tributary.transport.TransportConfig;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.DecodeResult;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.protocol.codec.MessageHeader;
import io.tributary.protocol.codec.MessageType;
import io.tributary.protocol.codec.TrajectoryFragmentDecoder;
import io.tributary.protocol.codec.TrajectoryFragmentLayout;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * The learner's side of the fragments stream. Validates every fragment (header, checksum, spec, shape, counts,
 * length) and drops (and counts) anything malformed or foreign; then asks the {@link Sink} to admit it on its header
 * (actor id, policy version: the one admission decision) and decodes it straight into the target the sink gives
 * (the actor's batch slot), so nothing is copied twice. Control messages (hello, heartbeat) go to the sink too. An
 * Agrona {@link Agent}: one thread polls it.
 */
public final class FragmentIngest implements Agent, AutoCloseable {

    /** Receives what the ingest accepted; called on the polling thread. */
    public interface Sink {
        /**
         * Admission of a well-formed fragment on its header: the fragment to decode it into, or null when refused
         * (the sink books the reason).
         */
        TrajectoryFragment admit(int actorId, long policyVersion, int sessionId);

        /** The admitted fragment is decoded into the target {@link #admit} gave (called once per target given). */
        void onFragment(TrajectoryFragment fragment, int encodedLength);

        /** A control message that came on Aeron session {@code sessionId}. */
        void onControl(ControlMessage message, int sessionId);
    }

    private final Subscription subscription;
    private final TrajectoryFragmentDecoder decoder;
    private final ControlCodec control = new ControlCodec();
    private final int numEnvs;
    private final int steps;
    private final int observationDim;
    private final int actionDim;
    private final DropCounters drops;
    private final Sink sink;
    private final FragmentAssembler assembler;
    private long fragmentsAccepted;
    private long bytesAccepted;

    public FragmentIngest(Aeron aeron, TransportConfig config, PolicySpec spec, int numEnvs, int steps,
            DropCounters drops, Sink sink) {
        this(aeron, config, spec, numEnvs, steps, drops, sink, 0L);
    }

    /**
     * As above, for run {@code runId}: fragments of another run are {@code FOREIGN_RUN}; control messages of another
     * run too, except run 0's (an actor's hello before it knows its run).
     */
    public FragmentIngest(Aeron aeron, TransportConfig config, PolicySpec spec, int numEnvs, int steps,
            DropCounters drops, Sink sink, long runId) {
        int maxLength = TrajectoryFragmentLayout.maxLength(numEnvs, steps, spec.observationDim(), spec.actionDim());
        int termLength = TransportConfig.termLengthFor(Math.max(maxLength, ControlCodec.MAX_LENGTH));
        this.subscription = aeron.addSubscription(config.fragmentsChannel(termLength), config.fragmentsStreamId());
        this.decoder = new TrajectoryFragmentDecoder(spec.hash(), runId);
        control.runId(runId);
        this.numEnvs = numEnvs;
        this.steps = steps;
        this.observationDim = spec.observationDim();
        this.actionDim = spec.actionDim();
        this.drops = drops;
        this.sink = sink;
        // the header's session id is the publication's: the sink binds each actor id to one
        FragmentHandler handler = (buffer, offset, length, header) -> onMessage(buffer, offset, length, header.sessionId());
        // Fragments are larger than the MTU: the assembler joins Aeron's frames back into one message.
        this.assembler = new FragmentAssembler(handler, Math.min(maxLength, 1 << 20), true);
    }

    private void onMessage(DirectBuffer buffer, int offset, int length, int sessionId) {
        if (io.tributary.transport.Offers.isTailMarker(buffer, offset, length)) return; // after each message on UDP
        MessageType type = MessageType.of(MessageHeader.typeCode(buffer, offset, length));
        if (type == MessageType.TRAJECTORY_FRAGMENT) {
            DecodeResult r = decoder.validate(buffer, offset, length, numEnvs, steps, observationDim, actionDim);
            if (r != DecodeResult.OK) {
                drops.record(r);
                return;
            }
            TrajectoryFragment slot = sink.admit(TrajectoryFragmentDecoder.actorId(buffer, offset),
                    TrajectoryFragmentDecoder.policyVersion(buffer, offset), sessionId);
            if (slot == null) return;
            r = decoder.read(buffer, offset, slot);
            if (r != DecodeResult.OK) {
                drops.record(r);
                return;
            }
            fragmentsAccepted++;
            bytesAccepted += length;
            sink.onFragment(slot, length);
        } else if (type == MessageType.CONTROL) {
            ControlMessage m = control.decode(buffer, offset, length);
            if (m == null) drops.record(control.lastResult());
            else sink.onControl(m, sessionId);
        } else {
            drops.record(length < MessageHeader.LENGTH ? DecodeResult.TOO_SHORT : DecodeResult.WRONG_TYPE);
        }
    }

    @Override
    public int doWork() {
        return subscription.poll(assembler, 64);
    }

    @Override
    public String roleName() {
        return "tributary-fragment-ingest";
    }

    public int imageCount() {
        return subscription.imageCount();
    }

    public long fragmentsAccepted() {
        return fragmentsAccepted;
    }

    public long bytesAccepted() {
        return bytesAccepted;
    }

    public DropCounters drops() {
        return drops;
    }

    @Override
    public void onClose() {
        subscription.close();
    }

    @Override
    public void close() {
        subscription.close();
    }
}
