package io.tributary.transport.agent;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class IdleStrategiesTest {

    @Test
    void backoffParametersAreCheckedWhereTheyAreWrittenNamingWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IdleStrategies.Backoff(100, 10, 200_000, 10_000));
        assertTrue(e.getMessage().contains("min 200000 ns, max 10000 ns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new IdleStrategies.Backoff(-1, 10, 1, 1));
        assertTrue(e.getMessage().contains("spins and yields"), e.getMessage());
    }

    @Test
    void eachRunnerGetsAStrategyOfItsOwn() {
        // a backoff strategy counts its spins and yields: two threads must not share one
        assertNotSame(IdleStrategies.ACTOR_PART.newStrategy(), IdleStrategies.ACTOR_PART.newStrategy());
    }
}
