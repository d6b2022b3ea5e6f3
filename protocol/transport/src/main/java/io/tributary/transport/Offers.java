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
