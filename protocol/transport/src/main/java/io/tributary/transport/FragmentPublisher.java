package io.tributary.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.TrajectoryFragmentEncoder;
import io.tributary.protocol.codec.TrajectoryFragmentLayout;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An actor's side of the fragments stream: encodes each {@link TrajectoryFragment} into one preallocated buffer and
 * offers it as one Aeron message (Aeron fragments it to the MTU and the learner's assembler joins it again). Control
 * messages (hello, heartbeat) go on the same stream, so the learner sees them in order with the fragments.
 * An exclusive publication: one per actor, used by one thread.
 */
public final class FragmentPublisher implements AutoCloseable {

    private final ExclusivePublication publication;
    private final TrajectoryFragmentEncoder encoder = new TrajectoryFragmentEncoder();
    private final ControlCodec control = new ControlCodec();
    private final UnsafeBuffer buffer;
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[ControlCodec.MAX_LENGTH]);
    private long bytesPublished;
    private long fragmentsPublished;
    /** Length of the encoded fragment waiting to go out, 0 when none (the non-blocking path). */
    private int staged;
    /** Length of the last fragment encoded into {@link #buffer}: it stays there until the next {@link #stage}. */
    private int lastLength;

    public FragmentPublisher(Aeron aeron, TransportConfig config, int numEnvs, int steps, int observationDim, int actionDim) {
        int maxLength = TrajectoryFragmentLayout.maxLength(numEnvs, steps, observationDim, actionDim);
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned((maxLength + 63) & ~63, 64));
        int termLength = TransportConfig.termLengthFor(Math.max(maxLength, ControlCodec.MAX_LENGTH));
        publication = aeron.addExclusivePublication(config.fragmentsPublicationChannel(termLength), config.fragmentsStreamId());
    }

    /** Stamps every message this publisher sends (fragments, hello, heartbeat) with run {@code runId}. */
    public void runId(long runId) {
        encoder.runId(runId);
        control.runId(runId);
    }

    public long runId() {
        return control.runId();
    }

    /** The Aeron session of this publication: the learner binds this actor's id to it. */
    public int sessionId() {
        return publication.sessionId();
    }

    public boolean isConnected() {
        return publication.isConnected();
    }

    /** Encodes and offers {@code f}; back-pressure is waited out with {@code idle} up to {@code timeoutNs}. */
    public int publish(TrajectoryFragment f, IdleStrategy idle, long timeoutNs) {
        int length = encoder.encode(f, buffer, 0);
        offerFragment(length, idle, timeoutNs, Offers.NEVER);
        return length;
    }

    /** As {@link #publish(TrajectoryFragment, IdleStrategy, long)}; false when {@code abort} stopped it first. */
    public boolean publish(TrajectoryFragment f, IdleStrategy idle, long timeoutNs, java.util.function.BooleanSupplier abort) {
        return offerFragment(encoder.encode(f, buffer, 0), idle, timeoutNs, abort);
    }

    private boolean offerFragment(int length, IdleStrategy idle, long timeoutNs, java.util.function.BooleanSupplier abort) {
        if (Offers.offer(publication, buffer, 0, length, idle, timeoutNs, abort) == Offers.ABORTED) return false;
        Offers.tailMarker(publication);
        bytesPublished += length;
        fragmentsPublished++;
        return true;
    }

    /** As {@link #publishControl(ControlMessage, IdleStrategy, long)}; false when {@code abort} stopped it first. */
    public boolean publishControl(ControlMessage m, IdleStrategy idle, long timeoutNs, java.util.function.BooleanSupplier abort) {
        int length = control.encode(m, controlBuffer, 0);
        return Offers.offer(publication, controlBuffer, 0, length, idle, timeoutNs, abort) != Offers.ABORTED;
    }

    public void publishControl(ControlMessage m, IdleStrategy idle, long timeoutNs) {
        publishControl(m, idle, timeoutNs, Offers.NEVER);
    }

    /**
     * Encodes {@code f} as the pending message of the non-blocking path; {@link #offerStaged()} sends it. One at a
     * time: staging while one is pending is an error (the caller's state machine is wrong).
     */
    public void stage(TrajectoryFragment f) {
        if (staged > 0) throw new IllegalStateException("a fragment is still pending");
        staged = encoder.encode(f, buffer, 0);
        lastLength = staged;
    }

    /**
     * Stages the last fragment again (its bytes are still in the buffer), for the learner's {@code Resend}; false when
     * there is none or one is pending already.
     */
    public boolean restageLast() {
        if (staged > 0 || lastLength == 0) return false;
        staged = lastLength;
        return true;
    }

    public boolean hasStaged() {
        return staged > 0;
    }

    /**
     * One offer of the staged fragment, never a wait: true when it went out, false when it is still pending
     * (back-pressured, not connected, an admin action); a closed publication is an {@link OfferFailedException}.
     */
    public boolean offerStaged() {
        if (staged == 0) return true;
        long r = publication.offer(buffer, 0, staged);
        if (r > 0) {
            Offers.tailMarker(publication);
            bytesPublished += staged;
            fragmentsPublished++;
            staged = 0;
            return true;
        }
        if (r == io.aeron.Publication.CLOSED || r == io.aeron.Publication.MAX_POSITION_EXCEEDED) {
            throw new OfferFailedException("publication " + publication.channel() + " stream " + publication.streamId() + " is closed (" + r + ")");
        }
        return false;
    }

    /**
     * One offer of a control message, never a wait: false when it did not go out (the periodic senders, hello and
     * heartbeat, send the next one on their next period).
     */
    public boolean tryPublishControl(ControlMessage m) {
        int length = control.encode(m, controlBuffer, 0);
        long r = publication.offer(controlBuffer, 0, length);
        if (r == io.aeron.Publication.CLOSED || r == io.aeron.Publication.MAX_POSITION_EXCEEDED) {
            throw new OfferFailedException("publication " + publication.channel() + " stream " + publication.streamId() + " is closed (" + r + ")");
        }
        return r > 0;
    }

    /** For tests of the learner's defences: offers bytes as they are. */
    public void publishRaw(UnsafeBuffer bytes, int offset, int length, IdleStrategy idle, long timeoutNs) {
        Offers.offer(publication, bytes, offset, length, idle, timeoutNs);
    }

    public long bytesPublished() {
        return bytesPublished;
    }

    public long fragmentsPublished() {
        return fragmentsPublished;
    }

    public int maxMessageLength() {
        return publication.maxMessageLength();
    }

    @Override
    public void close() {
        publication.close();
    }
}
