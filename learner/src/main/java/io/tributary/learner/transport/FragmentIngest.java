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
import java.util.function.LongSupplier;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

/**
 * The learner's side of the fragments stream. Decodes every fragment into one preallocated
 * {@link TrajectoryFragment}, drops (and counts) anything malformed, foreign or of another policy version than
 * {@code currentVersion}, and hands good fragments to a {@link Sink}, which copies what it keeps before returning.
 * Control messages (hello, heartbeat) go to the sink too. An Agrona {@link Agent}: one thread polls it.
 */
public final class FragmentIngest implements Agent, AutoCloseable {

    /** Receives what the ingest accepted; called on the polling thread. */
    public interface Sink {
        void onFragment(TrajectoryFragment fragment, int encodedLength);

        void onControl(ControlMessage message);
    }

    private final Subscription subscription;
    private final TrajectoryFragmentDecoder decoder;
    private final ControlCodec control = new ControlCodec();
    private final TrajectoryFragment scratch;
    private final DropCounters drops;
    private final LongSupplier currentVersion;
    private final Sink sink;
    private final FragmentAssembler assembler;
    private long fragmentsAccepted;
    private long bytesAccepted;

    public FragmentIngest(Aeron aeron, TransportConfig config, PolicySpec spec, int numEnvs, int steps,
            DropCounters drops, LongSupplier currentVersion, Sink sink) {
        int maxLength = TrajectoryFragmentLayout.maxLength(numEnvs, steps, spec.observationDim(), spec.actionDim());
        int termLength = TransportConfig.termLengthFor(Math.max(maxLength, ControlCodec.MAX_LENGTH));
        this.subscription = aeron.addSubscription(config.fragmentsChannel(termLength), config.fragmentsStreamId());
        this.decoder = new TrajectoryFragmentDecoder(spec.hash());
        this.scratch = new TrajectoryFragment(numEnvs, steps, spec.observationDim(), spec.actionDim());
        this.drops = drops;
        this.currentVersion = currentVersion;
        this.sink = sink;
        FragmentHandler handler = (buffer, offset, length, header) -> onMessage(buffer, offset, length);
        // Fragments are larger than the MTU: the assembler joins Aeron's frames back into one message.
        this.assembler = new FragmentAssembler(handler, Math.min(maxLength, 1 << 20), true);
    }

    private void onMessage(DirectBuffer buffer, int offset, int length) {
        MessageType type = MessageType.of(MessageHeader.typeCode(buffer, offset, length));
        if (type == MessageType.TRAJECTORY_FRAGMENT) {
            DecodeResult r = decoder.decode(buffer, offset, length, scratch);
            if (r == DecodeResult.OK && scratch.policyVersion != currentVersion.getAsLong()) r = DecodeResult.STALE;
            if (r != DecodeResult.OK) {
                drops.record(r);
                return;
            }
            fragmentsAccepted++;
            bytesAccepted += length;
            sink.onFragment(scratch, length);
        } else if (type == MessageType.CONTROL) {
            ControlMessage m = control.decode(buffer, offset, length);
            if (m == null) drops.record(control.lastResult());
            else sink.onControl(m);
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
