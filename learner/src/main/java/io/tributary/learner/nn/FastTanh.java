package io.tributary.learner.nn;

/**
 * tanh as a [13/6] odd rational function of x (minimax coefficients as in Eigen's float tanh), on inputs clamped
 * to +-7.905 where float tanh is 1. Max absolute error 4e-7 against {@code Math.tanh} (a few float ulps; measured
 * over [-26, 26] in steps of 1.3e-5, see FastTanhTest). Branch-free, so C2 vectorizes the array loops: ~0.3-1 ns
 * per element against ~5-10 ns for {@code Math.tanh}, which dominated the update at 4096 rows.
 */
public final class FastTanh {

    private static final float CLAMP = 7.90531110763549805f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float B6 = 1.19825839466702e-06f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B0 = 4.89352518554385e-03f;

    private FastTanh() {}

    public static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
        float q = ((B6 * x2 + B4) * x2 + B2) * x2 + B0;
        return p / q;
    }

    /** {@code y[r][o] = tanh(y[r][o] + bias[o])} over {@code rows x width}, row-major. */
    static void biasTanh(float[] y, float[] bias, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            int base = r * width;
            for (int o = 0; o < width; o++) y[base + o] += bias[o];
        }
        tanh(y, rows * width);
    }

    /** {@code y[i] = tanh(y[i])} for {@code i < n}: one flat loop, which C2 vectorizes. */
    static void tanh(float[] y, int n) {
        for (int i = 0; i < n; i++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, y[i]));
            float x2 = x * x;
            float p = ((((((A13 * x2 + A11) * x2 + A9) * x2 + A7) * x2 + A5) * x2 + A3) * x2 + A1) * x;
            float q = ((B6 * x2 + B4) * x2 + B2) * x2 + B0;
            y[i] = p / q;
        }
    }
}
