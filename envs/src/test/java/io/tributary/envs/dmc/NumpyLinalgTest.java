package io.tributary.envs.dmc;

import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumpyLinalgTest {

    /** RandomState(0).randn(4): the quaternion fish draws first for seed 0. */
    private static double[] fishSeed0() {
        double[] q = new double[4];
        new RandomState(0).randn(q);
        return q;
    }

    @Test
    void theNormOfFishsSeedZeroQuaternionIsTheOneNumpyComputed() {
        double[] q = fishSeed0();
        double plain = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        // numpy (OpenBLAS ddot's fused remainder loop) gives 3.041633910003138, a plain sum of squares one ulp more
        assertEquals(3.041633910003138, NumpyLinalg.norm(q), 0.0);
        assertNotEquals(plain, NumpyLinalg.norm(q), "the plain sum of squares is the rounding the golden data rules out");
    }

    @Test
    void normalizingDividesEveryElementByTheNorm() {
        double[] q = fishSeed0();
        double n = NumpyLinalg.norm(q);
        double[] expected = {q[0] / n, q[1] / n, q[2] / n, q[3] / n};
        NumpyLinalg.normalize(q);
        assertArrayEquals(expected, q, 0.0);
        // dm_control's golden fish-upright seed 0 reset, before MuJoCo renormalised it: elements 1..3
        assertEquals(0.13155995106814497, q[1], 0.0);
        assertEquals(0.7367399448801996, q[3], 0.0);
    }

    @Test
    void theTwoAndThreeElementFormsAgreeWithTheArrayForm() {
        RandomState r = new RandomState(7);
        for (int i = 0; i < 1000; i++) {
            double x = r.randn(), y = r.randn(), z = r.randn();
            assertEquals(NumpyLinalg.norm(new double[] {x, y}), NumpyLinalg.norm(x, y), 0.0);
            assertEquals(NumpyLinalg.norm(new double[] {x, y, z}), NumpyLinalg.norm(x, y, z), 0.0);
        }
    }

    @Test
    void vectorsOfSixteenOrMoreElementsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpyLinalg.norm(new double[16]));
        assertTrue(e.getMessage().contains("at most 15"), e.getMessage());
    }
}
