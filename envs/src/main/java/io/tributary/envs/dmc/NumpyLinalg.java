package io.tributary.envs.dmc;

/**
 * numpy's {@code np.linalg.norm} of a small float64 vector, bit for bit as dm_control's golden data computed it
 * (numpy 1.24 with its bundled OpenBLAS): {@code sqrt(x.dot(x))}, where the dot product is OpenBLAS's {@code ddot},
 * whose vector kernel only takes whole blocks of 16 and whose remainder loop accumulates element by element with
 * fused multiply-adds. That differs in the last bit from a plain sum of squares often enough to matter: a
 * quaternion drawn as {@code randn(4) / norm} and then renormalised by MuJoCo's kinematics lands one ulp off
 * (fish seed 0, quadruped-escape seed 1).
 */
public final class NumpyLinalg {

    /** The largest length handled: from 16 elements on OpenBLAS sums in vector lanes, which this does not model. */
    public static final int MAX_LENGTH = 15;

    private NumpyLinalg() {}

    /** {@code np.linalg.norm(v)} for {@code v.length <= 15}. */
    public static double norm(double[] v) {
        if (v.length > MAX_LENGTH) {
            throw new IllegalArgumentException("NumpyLinalg.norm models vectors of at most " + MAX_LENGTH
                    + " elements (OpenBLAS's remainder loop), got " + v.length);
        }
        double dot = 0.0;
        for (double x : v) dot = Math.fma(x, x, dot);
        return Math.sqrt(dot);
    }

    /** {@code np.linalg.norm([x, y])}. */
    public static double norm(double x, double y) {
        return Math.sqrt(Math.fma(y, y, x * x));
    }

    /** {@code np.linalg.norm([x, y, z])}. */
    public static double norm(double x, double y, double z) {
        return Math.sqrt(Math.fma(z, z, Math.fma(y, y, x * x)));
    }

    /** {@code v /= np.linalg.norm(v)} in place (elementwise division, as numpy's). */
    public static void normalize(double[] v) {
        double n = norm(v);
        for (int k = 0; k < v.length; k++) v[k] /= n;
    }
}
