package io.tributary.envs.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code np.random.default_rng(seed).standard_normal(n)} values recorded from numpy (hex floats, bit-exact),
 * including draws from the ziggurat's tail beyond r = 3.654 (the base layer's rejection path).
 */
class StandardNormalTest {

    @Test
    void standardNormalDrawsTheSameDoublesAsNumpy() {
        NumpyGenerator g = NumpyGenerator.defaultRng(0);
        double[] x = new double[200000];
        for (int i = 0; i < x.length; i++) x[i] = g.standardNormal();
        assertEquals(0x1.017ed89db8441p-3, x[0]);
        assertEquals(-0x1.0e8cfe9bd45ccp-3, x[1]);
        assertEquals(0x1.47e57a468b06dp-1, x[2]);
        assertEquals(0x1.adabbec84d4f0p-4, x[3]);
        assertEquals(0x1.2f1432187766fp+0, x[1000]);
        assertEquals(-0x1.e2d9e98d87bc6p+1, x[303], "first tail draw");
        assertEquals(-0x1.f3204051f2938p+1, x[478], "second tail draw");
        assertEquals(0x1.2ed8650fafb3cp+2, x[36758], "largest magnitude of the 200000");
        assertEquals(-0x1.0fe9a8bb22883p-2, x[199999], "last: every rejection consumed the same draws as numpy");
    }

    @Test
    void standardNormalAndUniformShareOneStreamAsInNumpy() {
        NumpyGenerator g = NumpyGenerator.defaultRng(12345);
        assertEquals(-0x1.6c7fcc2ecc744p+0, g.standardNormal());
        assertEquals(0x1.4383b54eb0649p+0, g.standardNormal());
        assertEquals(-0x1.bdc76014d359ep-1, g.standardNormal());
        assertEquals(0.3525093415019491, g.uniform(-1, 1));
        assertEquals(-0.217780898796182, g.uniform(-1, 1));
    }
}
