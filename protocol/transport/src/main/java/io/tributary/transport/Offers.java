package io.tributary.transport;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/** Offers a message, idling while back-pressured or not yet connected, up to a deadline. */
public final class Offers {

    /** Returned when the caller's abort condition stopped the offer. */
    public static final long ABORTED = Long.MIN_VALUE;

    /** The abort condition of an offer that only the deadline ends. */
    public static final java.util.function.BooleanSupplier NEVER = () -> false;

    private Offers() {}

    /** The first 8 bytes of a tail marker ("TMK_TAIL" in ASCII); no Tributary message starts with them (MessageHeader's magic differs). */
    public static final long TAIL_MARKER_MAGIC = 0x4C4941545F4B4D54L;
    /** A marker's bytes: the magic, then zeros; as long as the largest payload of one frame at any MTU. */
    private static final org.agrona.concurrent.UnsafeBuffer TAIL_MARKER = new org.agrona.concurrent.UnsafeBuffer(new byte[65504]);

    static {
        TAIL_MARKER.putLong(0, TAIL_MARKER_MAGIC);
    }

    /**
     * After a message on UDP, one offer of a tail marker: a message that fills one whole frame (the publication's max
     * payload), so the driver sends it in a datagram of its own. Why: a receiver sees a lost frame only when a later
     * frame (or the sender's heartbeat, sent after 100 ms of silence, a constant in Aeron) shows the gap; when the lost
     * frame is a message's last, nothing follows until the next message. The marker shows the gap at once, so a lost tail
     * costs a NAK round trip instead of 100 ms; only when both are lost does the heartbeat find it. A full frame because
     * the driver packs consecutive frames into one datagram up to the MTU: a small marker would travel (and be lost) with
     * the tail it is meant to expose. Best effort: not offered when back-pressured; nothing on IPC (no loss there).
     * Receivers skip it ({@link #isTailMarker}).
     */
    public static void tailMarker(Publication pub) {
        if (pub.channel().startsWith("aeron:udp")) pub.offer(TAIL_MARKER, 0, Math.min(pub.maxPayloadLength(), TAIL_MARKER.capacity()));
    }

    /** True for a message {@link #tailMarker} sent: skipped by receivers, no drop. */
    public static boolean isTailMarker(DirectBuffer buffer, int offset, int length) {
        return length >= 8 && buffer.getLong(offset) == TAIL_MARKER_MAGIC;
    }

    /** Returns the new position; throws {@link OfferFailedException} when the deadline passes or the publication closed. */
    public static long offer(Publication pub, DirectBuffer buffer, int offset, int length, IdleStrategy idle, long timeoutNs) {
        return offer(pub, buffer, offset, length, idle, timeoutNs, NEVER);
    }

    /**
     * As above, but gives up (returning {@link #ABORTED}) as soon as {@code abort} is true: a process that is
     * stopping must not sit out a timeout on a stream whose other end is already gone.
     */
    public static long offer(Publication pub, DirectBuffer buffer, int offset, int length, IdleStrategy idle, long timeoutNs,
            java.util.function.BooleanSupplier abort) {
        long deadline = System.nanoTime() + timeoutNs;
        idle.reset();
        while (true) {
            long r = pub.offer(buffer, offset, length);
            if (r > 0) return r;
            if (abort.getAsBoolean()) return ABORTED;
            if (r == Publication.CLOSED || r == Publication.MAX_POSITION_EXCEEDED) {
                throw new OfferFailedException("publication " + pub.channel() + " stream " + pub.streamId() + " is closed (" + r + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new OfferFailedException("offer to " + pub.channel() + " stream " + pub.streamId() + " timed out after "
                        + timeoutNs / 1_000_000 + " ms (" + (r == Publication.NOT_CONNECTED ? "not connected" : "back-pressured") + ")");
            }
            idle.idle();
        }
    }
}
