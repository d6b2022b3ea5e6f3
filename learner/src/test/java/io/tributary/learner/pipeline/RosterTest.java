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

    @Test
    void aVacatedMemberKeepsItsSlotForTheVersionInProgressAndGoesAtTheBoundary() {
        Roster r = new Roster();
        int a = r.join(1), b = r.join(2);
        r.advance();
        r.vacate(b);
        assertTrue(r.isVacant(b));
        assertFalse(r.active(b), "a lost actor is not counted as active");
        assertEquals(1, r.slotOf(b), "a fragment it delivered still counts");
        assertEquals(1, r.sizeAfterAdvance());
        r.advance();
        assertEquals(-1, r.slotOf(b));
        assertEquals(1, r.size());
        assertTrue(r.isVacant(b), "the id stays vacant for a replacement");
        assertEquals(0, r.slotOf(a));
    }

    @Test
    void theLostProcessReclaimsItsIdInPlaceWithinTheVersionAndAsAJoinAfterIt() {
        Roster r = new Roster();
        int a = r.join(1), b = r.join(2);
        r.advance();
        assertFalse(r.reclaim(b), "nothing to reclaim before a loss");
        r.vacate(b);
        assertTrue(r.reclaim(b));
        assertTrue(r.active(b));
        assertEquals(1, r.slotOf(b));
        r.advance();
        assertEquals(1, r.slotOf(b), "reclaimed within the version: it never left");
        r.vacate(a);
        r.advance(); // the grace expired, the version completed without it
        assertEquals(-1, r.slotOf(a));
        assertTrue(r.reclaim(a));
        assertEquals(-1, r.slotOf(a), "back after the boundary: not a member of the version in progress");
        assertEquals(2, r.sizeAfterAdvance());
        r.advance();
        assertEquals(1, r.slotOf(a), "a member again from the next boundary");
        assertEquals(1, r.instanceOf(a), "same process");
    }

    @Test
    void aReplacementAskingForTheVacantIdTakesItOverWithItsSlotWhileTheVersionHasIt() {
        Roster r = new Roster();
        r.join(1);
        int b = r.join(2);
        r.advance();
        r.vacate(b);
        assertEquals(b, r.join(20, 7L, 555, b));
        assertEquals(b, r.lastTakeover);
        assertFalse(r.isVacant(b));
        assertTrue(r.active(b));
        assertEquals(1, r.slotOf(b), "same slot: it collects the missing fragment");
        assertEquals(555, r.sessionOf(b));
        assertEquals(20, r.instanceOf(b));
        assertEquals(b, r.actorOf(20));
        assertEquals(-1, r.actorOf(2), "the lost instance no longer holds the id");
        assertFalse(r.reclaim(b), "the lost process cannot take it back");
        assertFalse(r.rebind(b, 0L, 999), "nor move its session without the replacement's secret");
        assertEquals(2, r.joined(), "no new id handed out");
        r.advance();
        assertEquals(1, r.slotOf(b));
        assertEquals(2, r.size());
    }

    @Test
    void aJoinerAskingForNoIdTakesTheLowestVacantOneAfterTheBoundaryAsAPendingMember() {
        Roster r = new Roster();
        int a = r.join(1), b = r.join(2), c = r.join(3);
        r.advance();
        r.vacate(c);
        r.vacate(b);
        r.advance();
        assertEquals(1, r.size());
        assertEquals(b, r.join(40, 1L, 1, -1), "the lowest vacant id");
        assertEquals(b, r.lastTakeover);
        assertEquals(-1, r.slotOf(b), "the slot went with the boundary: a member from the next one");
        assertEquals(c, r.join(41, 1L, 2, -1));
        int fresh = r.join(42, 1L, 3, -1);
        assertEquals(3, fresh, "no vacant id left: a new one");
        assertEquals(-1, r.lastTakeover);
        r.advance();
        assertEquals(4, r.size());
        assertEquals(0, r.slotOf(a));
    }
}
