package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GaeTest {

    private static final double G = 0.99;
    private static final double L = 0.95;

    /** One env, 4 steps; the episode is truncated after step 1 (row 1), then continues to the fragment's end. */
    private final float[] rewards = {1f, 2f, 3f, 4f};
    private final float[] values = {0.5f, 0.25f, -1f, 2f};
    private final float[] next = {3f};
    private final boolean[] term = {false, false, false, false};
    private final boolean[] trunc = {false, true, false, false};
    private final float[] finalValues = {0f, 10f, 0f, 0f};

    @Test
    void cleanRlTreatsTruncationAsTerminal() {
        float[] adv = new float[4];
        float[] ret = new float[4];
        Gae.compute(4, 1, rewards, values, next, term, trunc, null, G, L, adv, ret, 0);
        double d3 = 4 + G * 3 - 2;
        double a3 = d3;
        double d2 = 3 + G * 2 - (-1);
        double a2 = d2 + G * L * a3;
        double d1 = 2 - 0.25; // episode end: no bootstrap, no carry
        double a1 = d1;
        double d0 = 1 + G * 0.25 - 0.5;
        double a0 = d0 + G * L * a1;
        assertArrayEquals(new float[] {(float) a0, (float) a1, (float) a2, (float) a3}, adv, 1e-5f);
        for (int i = 0; i < 4; i++) assertEquals(adv[i] + values[i], ret[i], 1e-6);
    }

    @Test
    void bootstrapOptionUsesTheFinalObservationsValueButStillCutsTheRecursion() {
        float[] adv = new float[4];
        float[] ret = new float[4];
        Gae.compute(4, 1, rewards, values, next, term, trunc, finalValues, G, L, adv, ret, 0);
        double a1 = 2 + G * 10 - 0.25;
        double a0 = (1 + G * 0.25 - 0.5) + G * L * a1;
        assertEquals(a1, adv[1], 1e-5);
        assertEquals(a0, adv[0], 1e-5);
    }

    @Test
    void terminationIsNeverBootstrapped() {
        boolean[] t = {false, true, false, false};
        float[] adv = new float[4];
        float[] ret = new float[4];
        Gae.compute(4, 1, rewards, values, next, t, new boolean[4], finalValues, G, L, adv, ret, 0);
        assertEquals(2 - 0.25, adv[1], 1e-6);
    }

    @Test
    void envsAreInterleavedRowMajor() {
        // two envs with identical data must give identical advantages in their own rows
        float[] r2 = new float[8], v2 = new float[8];
        boolean[] te = new boolean[8], tr = new boolean[8];
        for (int t = 0; t < 4; t++) {
            for (int n = 0; n < 2; n++) {
                r2[t * 2 + n] = rewards[t];
                v2[t * 2 + n] = values[t];
                tr[t * 2 + n] = trunc[t];
            }
        }
        float[] adv = new float[8], ret = new float[8];
        Gae.compute(4, 2, r2, v2, new float[] {3f, 3f}, te, tr, null, G, L, adv, ret, 0);
        float[] one = new float[4], oneRet = new float[4];
        Gae.compute(4, 1, rewards, values, next, term, trunc, null, G, L, one, oneRet, 0);
        for (int t = 0; t < 4; t++) {
            assertEquals(one[t], adv[t * 2], 1e-6);
            assertEquals(one[t], adv[t * 2 + 1], 1e-6);
        }
    }
}
