package io.tributary.policy;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.PolicySpec;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class GaussianPolicyTest {

    private static final PolicySpec SPEC = PolicySpec.cleanRl(3, 2);

    private static GaussianPolicy policy(float logStd0, float logStd1) {
        float[] w = new float[SPEC.parameterCount()];
        w[SPEC.logStdOffset()] = logStd0;
        w[SPEC.logStdOffset() + 1] = logStd1;
        GaussianPolicy p = new GaussianPolicy(SPEC);
        p.load(1, w);
        return p;
    }

    private static double[] moments(GaussianPolicy p, double alpha, int dim) {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(9);
        float[] obs = new float[3];
        float[] a = new float[2];
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double lp = p.sample(obs, 0, rng, alpha, a, 0);
            if (alpha == 0) assertEquals(p.logProb(obs, 0, a, 0), lp, 1e-9);
            sum += a[dim];
            sq += a[dim] * a[dim];
        }
        double mean = sum / n;
        return new double[] {mean, sq / n - mean * mean};
    }

    @Test
    void samplesHaveTheMeanAndStdOfTheParameters() {
        // zero weights: mean 0; log_std per dimension
        GaussianPolicy p = policy(0f, (float) Math.log(0.5));
        double[] m0 = moments(p, 0, 0);
        double[] m1 = moments(p, 0, 1);
        assertEquals(0, m0[0], 0.01);
        assertEquals(1.0, m0[1], 0.02);
        assertEquals(0.25, m1[1], 0.005);
        assertEquals(2 * (0.5 + GaussianPolicy.LOG_SQRT_2PI) + Math.log(0.5), p.entropy(), 1e-7); // log_std is float32
    }

    @Test
    void perturbedMeanSamplingAddsTheUniformVariance() {
        GaussianPolicy p = policy(0f, 0f);
        double alpha = 0.5;
        double[] m = moments(p, alpha, 0);
        assertEquals(1.0 + alpha * alpha / 3, m[1], 0.02);
    }

    @Test
    void rejectsASnapshotOfAnotherShape() {
        GaussianPolicy p = new GaussianPolicy(SPEC);
        PolicySpec other = PolicySpec.cleanRl(3, 1);
        assertThrows(IllegalArgumentException.class,
                () -> p.load(new io.tributary.protocol.PolicyVersion(other)));
        assertThrows(IllegalArgumentException.class, () -> p.load(1, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new io.tributary.protocol.PolicyVersion(SPEC).setWeights(new float[3]));
    }
}
