package io.tributary.ops.plot;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Axis ticks: round steps inside the range, as few decimals as the step needs, "k" and "M" for env steps. */
class TicksTest {

    @Test
    void envStepsToAMillionGetRoundStepsInMillionsOrThousands() {
        assertArrayEquals(new String[] {"0", "0.2M", "0.4M", "0.6M", "0.8M", "1.0M"}, Ticks.of(-3e4, 1.03e6, 6).labels());
        assertArrayEquals(new String[] {"0", "20k", "40k", "60k", "80k", "100k"}, Ticks.of(0, 1e5, 5).labels());
    }

    @Test
    void returnsGetIntegerOrDecimalLabelsAndNoMinusZero() {
        assertArrayEquals(new String[] {"-1500", "-1000", "-500", "0"}, Ticks.of(-1620, 40, 4).labels());
        assertArrayEquals(new String[] {"-0.50", "-0.25", "0", "0.25", "0.50"}, Ticks.of(-0.6, 0.6, 5).labels());
        Ticks t = Ticks.of(0.5, 9.7, 5);
        assertEquals(2.0, t.values()[0]);
        assertEquals(8.0, t.values()[t.values().length - 1]);
    }

    @Test
    void anEmptyRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ticks.of(1, 1, 5));
    }
}
