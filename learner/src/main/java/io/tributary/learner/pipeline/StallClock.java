package io.tributary.learner.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The longest wait for trajectory data in an iteration ({@code max_stall_s}): the longest gap between two fragments
 * arriving, or between the start of the iteration's window (the previous iteration recorded, i.e. the update done
 * and the next version offered) and the first fragment. Why: a lost datagram that Aeron recovers late (or never) shows
 * as a gap here, where the iteration's steps/s only shows it averaged with everything else.
 *
 * <p>The ingest thread calls {@link #onFragment}; the metrics part calls {@link #take} once per iteration.
 */
final class StallClock {

    private volatile long windowStartNs;
    private volatile long lastFragmentNs;
    private final AtomicLong maxGapNs = new AtomicLong();

    /** A fragment arrived at {@code now}. */
    void onFragment(long now) {
        long from = Math.max(lastFragmentNs, windowStartNs);
        lastFragmentNs = now;
        if (from != 0) maxGapNs.accumulateAndGet(now - from, Math::max);
    }

    /** The longest gap since the last take (ns), and a new window from {@code now}. */
    long take(long now) {
        windowStartNs = now;
        return maxGapNs.getAndSet(0);
    }
}
