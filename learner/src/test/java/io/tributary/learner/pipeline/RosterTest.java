package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RosterTest {

    @Test
    void actorsThatJoinGetSlotsOnlyAtTheNextVersionBoundary() {
        Roster r = new Roster();
        int a = r.join(100);
        int b = r.join(200);
        assertEquals(-1, r.slotOf(a), "not a member of a version that started without it");
        assertEquals(0, r.size());
        r.advance();
        assertEquals(0, r.slotOf(a));
        assertEquals(1, r.slotOf(b));
        assertEquals(2, r.size());
        assertEquals(b, r.actorOf(200));
        assertEquals(200, r.instanceOf(b));
    }

    @Test
    void membersCanGrowAndShrinkBetweenVersionsBeyondAnySizeGivenAtStart() {
        Roster r = new Roster();
        for (int i = 0; i < 9; i++) r.join(i);
        r.advance();
        assertEquals(9, r.size());
        r.leave(3);
        assertEquals(3, r.slotOf(3), "a leaving actor's fragment of the current version still counts");
        int late = r.join(99);
        assertEquals(9, r.sizeAfterAdvance());
        r.advance();
        assertEquals(-1, r.slotOf(3));
        assertEquals(9, r.size());
        assertEquals(8, r.slotOf(late));
        assertEquals(3, r.slotOf(4), "slots are renumbered in member order");
        for (int s = 0; s < r.size(); s++) assertEquals(s, r.slotOf(r.actorAt(s)));
    }

    @Test
    void idsAreNeverReusedAndUnknownIdsHaveNoSlot() {
        Roster r = new Roster();
        int a = r.join(1);
        r.leave(a);
        r.advance();
        int b = r.join(2);
        assertNotEquals(a, b);
        assertEquals(-1, r.slotOf(a));
        assertEquals(-1, r.slotOf(57));
        assertEquals(-1, r.slotOf(-1));
        assertEquals(-1, r.actorOf(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.leave(57));
        assertTrue(e.getMessage().contains("actor 57"), e.getMessage());
    }
}
