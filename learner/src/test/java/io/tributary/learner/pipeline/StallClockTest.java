package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StallClockTest {

    @Test
    void theLongestWaitCountsFromTheVersionsBroadcastOrThePreviousFragmentNeverTheUpdateInBetween() {
        StallClock c = new StallClock();
        c.onFragment(1_000, 0); // nothing broadcast, no fragment before: nothing to measure from
        assertEquals(0, c.take());
        c.onFragment(2_500, 2_000); // version broadcast at 2,000: 500
        c.onFragment(4_500, 2_000); // a 2,000 gap between fragments
        c.onFragment(4_600, 2_000);
        assertEquals(2_000, c.take());
        // the update ran from 4,600 to 9,800 and the next version went out at 10,000: the wait is 300, not 5,700
        c.onFragment(10_300, 10_000);
        assertEquals(300, c.take());
        assertEquals(0, c.take(), "no fragment, nothing measured (the iteration's rollout time shows it)");
    }
}
