package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StallClockTest {

    @Test
    void theLongestWaitCountsFromTheWindowStartAndBetweenFragmentsAndStartsAfreshAtEachTake() {
        StallClock c = new StallClock();
        c.onFragment(1_000); // before any window: nothing to measure from
        assertEquals(0, c.take(2_000), "the first fragment ever is no stall");
        c.onFragment(2_500); // 500 after the window start
        c.onFragment(4_500); // a 2,000 gap between fragments
        c.onFragment(4_600);
        assertEquals(2_000, c.take(10_000));
        c.onFragment(10_300); // measured from the new window, not from the last fragment (4_600)
        assertEquals(300, c.take(11_000));
        assertEquals(0, c.take(12_000), "no fragment, no stall measured (the iteration's rollout time shows it)");
    }
}
