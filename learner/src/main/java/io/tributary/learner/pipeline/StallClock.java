package io.tributary.learner.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The longest wait for trajectory data ({@code max_stall_s}): the longest gap between two fragments arriving, or
 * between a version's first broadcast and the next fragment. The learner's own update never counts (it happens
 * between a version's last fragment and the next broadcast). Why: a lost datagram that Aeron recovers late (or never)
 * shows as a gap here, where the iteration's steps/s only shows it averaged with everything else.
 *
 * <p>The ingest thread calls {@link #onFragment}; the metrics part calls {@link #take} once per iteration (a fragment
 * of the next version that arrives before the take is counted in this iteration's figure).
 */
final class StallClock {

    private volatile long lastFragmentNs;
    private final AtomicLong maxGapNs = new AtomicLong();

    /** A fragment arrived at {@code now}; {@code broadcastNs}: when the newest version's first broadcast ended (0: none yet). */
    void onFragment(long now, long broadcastNs) {
        long from = Math.max(lastFragmentNs, broadcastNs);
        lastFragmentNs = now;
        if (from != 0) maxGapNs.accumulateAndGet(now - from, Math::max);
    }

    /** The longest gap since the last take (ns). */
    long take() {
        return maxGapNs.getAndSet(0);
    }
}
