package io.tributary.envs.dmc;

import io.tributary.envs.dmc.Tolerance.Sigmoid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ToleranceTest {

    @Test
    void insideBoundsIsOneAndIndicatorOutsideWithoutMargin() {
        assertEquals(1.0, Tolerance.tolerance(0.3, 0, 0.5, 0), 0.0);
        assertEquals(1.0, Tolerance.tolerance(0.5, 0, 0.5, 0), 0.0);
        assertEquals(0.0, Tolerance.tolerance(0.51, 0, 0.5, 0), 0.0);
        assertEquals(1.0, Tolerance.tolerance(1e9, 0, Double.POSITIVE_INFINITY, 0), 0.0);
    }

    @Test
    void everySigmoidReachesValueAtMarginAtDistanceMargin() {
        for (Sigmoid s : Sigmoid.values()) {
            assertEquals(0.1, Tolerance.tolerance(3.0, 0, 1, 2, s, 0.1), 1e-12, s.name());
            assertEquals(0.1, Tolerance.tolerance(-2.0, 0, 1, 2, s, 0.1), 1e-12, s.name());
        }
    }

    @Test
    void closedFormsFromTheFacts() {
        // gaussian with v = 0.1: 0.1^(d^2)
        assertEquals(Math.pow(0.1, 0.25), Tolerance.tolerance(1.0, 0, 0, 2), 1e-15);
        // small control: 1 - u^2 inside, 0 outside
        assertEquals(1 - 0.25, Tolerance.smallControl(0.5), 1e-15);
        assertEquals(0.0, Tolerance.smallControl(1.5), 0.0);
        assertEquals(0.0, Tolerance.smallControl(-1.0), 0.0);
        // linear, v = 0: clip(1 - (T - x)/M, 0, 1)
        assertEquals(0.75, Tolerance.tolerance(0.5, 1, Double.POSITIVE_INFINITY, 2, Sigmoid.LINEAR, 0), 1e-15);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(0, 0, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Tolerance.tolerance(5, 0, 1, 1, Sigmoid.GAUSSIAN, 0));
    }
}
