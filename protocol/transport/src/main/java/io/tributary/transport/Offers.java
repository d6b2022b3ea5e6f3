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

    private static final org.agrona.concurrent.UnsafeBuffer EMPTY = new org.agrona.concurrent.UnsafeBuffer(new byte[0]);

    /**
     * After a message on UDP, one offer of an empty message (a 32-byte frame; receivers skip messages of length 0).
     * Why: a receiver sees a lost frame only when a later frame (or the sender's heartbeat, sent after 100 ms of
     * silence, a constant in Aeron) shows the gap; when the lost frame is a message's last, nothing follows until the
     * next message. This marker shows the gap at once (its NAK goes out a few microseconds later), so a lost tail costs a
     * round trip instead of 100 ms; only when both are lost does the heartbeat find it. Best effort: not offered when
     * back-pressured, nothing on IPC (no loss there).
     */
    public static void tailMarker(Publication pub) {
        if (pub.channel().startsWith("aeron:udp")) pub.offer(EMPTY, 0, 0);
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
