package io.tributary.actors.transport;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;

/** Offers a message, idling while back-pressured or not yet connected, up to a deadline. */
public final class Offers {

    private Offers() {}

    /** Returns the new position; throws {@link OfferFailedException} when the deadline passes or the publication closed. */
    public static long offer(Publication pub, DirectBuffer buffer, int offset, int length, IdleStrategy idle, long timeoutNs) {
        long deadline = System.nanoTime() + timeoutNs;
        idle.reset();
        while (true) {
            long r = pub.offer(buffer, offset, length);
            if (r > 0) return r;
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
