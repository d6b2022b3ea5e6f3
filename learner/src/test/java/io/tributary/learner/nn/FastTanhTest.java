package io.tributary.learner.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class FastTanhTest {

    @Test
    void withinFourTenthsOfAMillionthOfMathTanh() {
        double maxErr = 0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            float x = i * 1.3e-5f;
            maxErr = Math.max(maxErr, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
        }
        assertTrue(maxErr < 4e-7, "max |FastTanh - Math.tanh| = " + maxErr);
        assertEquals(1f, FastTanh.tanh(1e30f), 1e-7);
        assertEquals(-1f, FastTanh.tanh(Float.NEGATIVE_INFINITY), 1e-7);
        assertEquals(0f, FastTanh.tanh(0f));
    }

    @Test
    void arrayFormMatchesScalarForm() {
        float[] y = new float[1000];
        float[] bias = {0.5f, -0.25f};
        for (int i = 0; i < y.length; i++) y[i] = (float) Math.sin(i) * 6;
        float[] expected = new float[y.length];
        for (int i = 0; i < y.length; i++) expected[i] = FastTanh.tanh(y[i] + bias[i % 2]);
        FastTanh.biasTanh(y, bias, 500, 2);
        assertArrayEquals(expected, y);
    }
}
