package io.tributary.learner.nn;

import io.tributary.protocol.PolicySpec;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * CleanRL's {@code layer_init}: PyTorch's {@code orthogonal_} weights (QR of a Gaussian matrix, signs fixed so that
 * R has a positive diagonal, scaled by the gain) and zero biases; gain sqrt(2) for hidden layers, 0.01 for the
 * actor head, 1.0 for the critic head; {@code log_std} starts at 0.
 */
public final class OrthogonalInit {

    private OrthogonalInit() {}

    /** A freshly initialised flat vector for {@code spec}. */
    public static float[] init(PolicySpec spec, RandomGenerator rng) {
        float[] w = new float[spec.parameterCount()];
        fill(w, spec.actorLayers(), 0.01, rng);
        fill(w, spec.criticLayers(), 1.0, rng);
        // PPO-CMA's variance MLP (after the critic in the stream, so the other layers draw what they always drew):
        // initialised as the actor mean is; its algorithm sets the head's bias to the initial variance
        fill(w, spec.varianceLayers(), 0.01, rng);
        // log_std and biases stay 0
        return w;
    }

    private static void fill(float[] w, List<PolicySpec.Layer> layers, double headGain, RandomGenerator rng) {
        for (int i = 0; i < layers.size(); i++) {
            PolicySpec.Layer l = layers.get(i);
            double gain = i == layers.size() - 1 ? headGain : Math.sqrt(2.0);
            double[][] q = orthogonal(l.out(), l.in(), rng);
            for (int o = 0; o < l.out(); o++) {
                for (int j = 0; j < l.in(); j++) w[l.weightOffset() + o * l.in() + j] = (float) (gain * q[o][j]);
            }
        }
    }

    /**
     * A {@code rows x cols} matrix with orthonormal rows (rows <= cols) or columns (rows > cols): modified
     * Gram-Schmidt on the columns of the taller orientation, which is the QR whose R has a positive diagonal.
     */
    static double[][] orthogonal(int rows, int cols, RandomGenerator rng) {
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows; // tall side
        int n = transpose ? rows : cols;
        double[][] a = new double[n][m]; // n column vectors of length m
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double x = rng.nextGaussian();
                if (transpose) a[r][c] = x; else a[c][r] = x;
            }
        }
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < m; i++) dot += a[k][i] * a[j][i];
                for (int i = 0; i < m; i++) a[k][i] -= dot * a[j][i];
            }
            double norm = 0;
            for (int i = 0; i < m; i++) norm += a[k][i] * a[k][i];
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) a[k][i] /= norm;
        }
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[r][c] = transpose ? a[r][c] : a[c][r];
        }
        return out;
    }
}
