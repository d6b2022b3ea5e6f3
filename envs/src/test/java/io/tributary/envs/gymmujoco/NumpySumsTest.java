package io.tributary.envs.gymmujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Sums recorded from numpy ({@code np.sum(np.square(a))}), on inputs where numpy's pairwise order matters. */
class NumpySumsTest {

    /** 17 float32 values (Humanoid's action size). */
    private static final double[] A17 = {0.08985007554292679, 0.6831787824630737, 0.9259618520736694, 0.6980082988739014,
            0.1253519356250763, -0.48567211627960205, -0.8086600303649902, -0.667868971824646, -0.1301417350769043,
            0.530056357383728, 0.9741999506950378, 0.9767739176750183, 0.543231725692749, -0.09285706281661987,
            -0.591978132724762, -0.6862599849700928, -0.3195874094963074};

    @Test
    void float32SumOfSquaresFollowsNumpysPairwiseOrderNotASequentialLoop() {
        assertEquals(0x1.a65ae2p+2f, NumpySums.sumOfSquares(A17, 17));
        float sequential = 0f;
        for (double v : A17) sequential += (float) v * (float) v;
        assertNotEquals(sequential, NumpySums.sumOfSquares(A17, 17), "this input must tell the two orders apart");
    }

    @Test
    void float64SumOfSquaresFollowsNumpysPairwiseOrder() {
        double[] d = {0.08985007554292679, 0.420597642660141, 0.6961787939071655, 0.8810544013977051, 0.951961874961853,
                0.9010637402534485, 0.737008273601532, 0.48375916481018066, 0.1773519366979599, -0.13898314535617828,
                -0.42067208886146545, -0.6278301477432251, -0.7306600213050842, -0.7134845852851868, -0.5768689513206482,
                -0.3375440239906311, -0.02614174224436283};
        for (int i = 0; i < d.length; i++) d[i] *= 1.37;
        assertEquals(0x1.6b939beadc7e2p+3, NumpySums.sumOfSquares64(d, d.length));
    }
}
