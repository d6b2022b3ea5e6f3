package io.tributary.envs.dmc.quadruped;

/**
 * {@code scipy.ndimage.zoom(input, factor)} for a square 2-D array with scipy's defaults: cubic B-spline
 * ({@code order=3}) with the spline prefilter, {@code mode='constant'}, {@code grid_mode=False}. quadruped escape
 * smooths its random bumps with it, and the terrain must be the suite's to reproduce its episodes.
 *
 * <p>What scipy does, restated: (1) the prefilter turns samples into B-spline coefficients, one pass along axis 0 then
 * one along axis 1, each line scaled by the filter gain and run through the causal and anti-causal recursions of the
 * pole {@code sqrt(3) - 2}, both initialised for mirror-symmetric boundaries (scipy uses the mirror initialisation
 * for 'constant' too); (2) output index {@code k} maps to input coordinate {@code k * (n - 1) / (m - 1)} (corners
 * aligned), which stays inside the input, so 'constant' never supplies the fill value here, and coefficients past an
 * edge are mirrored ({@code c[-1] = c[1]}, {@code c[n] = c[n - 2]}); (3) each output is the 4 x 4 weighted sum, summed in
 * scipy's order (axis-0 tap outer, axis-1 tap inner, each product {@code (c * w0) * w1}), so results match to the bit.
 * Buffers are owned, so zooming again allocates nothing.
 */
final class SplineZoom {

    /** The cubic B-spline's prefilter pole, {@code sqrt(3) - 2}, as scipy writes it. */
    private static final double POLE = -0.267949192431122706472553658494127633;

    private final int n;
    private final int m;
    private final double[] coefficients;
    private final double[] line;
    /** Per output index: the first of the 4 input taps (before mirroring) and the 4 weights. */
    private final int[] start;
    private final double[] weights;

    /** Zooms {@code n x n} inputs to {@code m x m} outputs. */
    SplineZoom(int n, int m) {
        if (n < 2 || m < 2) throw new IllegalArgumentException("zoom needs sizes >= 2, got " + n + " -> " + m);
        this.n = n;
        this.m = m;
        this.coefficients = new double[n * n];
        this.line = new double[n];
        this.start = new int[m];
        this.weights = new double[4 * m];
        double zoom = (double) (n - 1) / (m - 1);
        for (int k = 0; k < m; k++) {
            double cc = k * zoom;
            double floor = Math.floor(cc);
            start[k] = (int) floor - 1;
            splineWeights(cc - floor, weights, 4 * k);
        }
    }

    /** The output size for {@code zoom(input, m / n)}: {@code round(n * m / n)}. */
    int outputSize() {
        return m;
    }

    /** Zooms row-major {@code input} ({@code n x n}) into row-major {@code out} ({@code m x m}). */
    void zoom(double[] input, double[] out) {
        if (input.length != n * n || out.length != m * m) {
            throw new IllegalArgumentException("zoom expects " + n + "x" + n + " in and " + m + "x" + m + " out, got "
                    + input.length + " and " + out.length + " elements");
        }
        System.arraycopy(input, 0, coefficients, 0, input.length);
        for (int col = 0; col < n; col++) { // axis 0: the lines are columns
            for (int r = 0; r < n; r++) line[r] = coefficients[r * n + col];
            prefilter(line);
            for (int r = 0; r < n; r++) coefficients[r * n + col] = line[r];
        }
        for (int row = 0; row < n; row++) { // axis 1: the lines are rows
            System.arraycopy(coefficients, row * n, line, 0, n);
            prefilter(line);
            System.arraycopy(line, 0, coefficients, row * n, n);
        }
        for (int i = 0; i < m; i++) {
            int si = start[i];
            for (int j = 0; j < m; j++) {
                int sj = start[j];
                double t = 0.0;
                for (int a = 0; a < 4; a++) {
                    int rowBase = mirror(si + a) * n;
                    double wa = weights[4 * i + a];
                    for (int b = 0; b < 4; b++) {
                        double coeff = coefficients[rowBase + mirror(sj + b)];
                        coeff *= wa;
                        coeff *= weights[4 * j + b];
                        t += coeff;
                    }
                }
                out[i * m + j] = t;
            }
        }
    }

    /** scipy's whole-sample mirror of a tap index into [0, n). */
    private int mirror(int idx) {
        int period = 2 * n - 2;
        if (idx < 0) {
            idx = period * (-idx / period) + idx;
            return idx <= 1 - n ? idx + period : -idx;
        }
        if (idx >= n) {
            idx -= period * (idx / period);
            return idx >= n ? period - idx : idx;
        }
        return idx;
    }

    /** One line through the cubic prefilter: gain, causal pass, anti-causal pass (mirror-boundary initialisations). */
    private static void prefilter(double[] c) {
        int len = c.length;
        double z = POLE;
        double gain = (1.0 - z) * (1.0 - 1.0 / z);
        for (int i = 0; i < len; i++) c[i] *= gain;
        // causal initialisation for a mirror-symmetric extension
        double zi = z;
        double zn1 = Math.pow(z, len - 1);
        c[0] = c[0] + zn1 * c[len - 1];
        for (int i = 1; i < len - 1; i++) {
            c[0] += zi * (c[i] + zn1 * c[len - 1 - i]);
            zi *= z;
        }
        c[0] /= 1 - zn1 * zn1;
        for (int i = 1; i < len; i++) c[i] += z * c[i - 1];
        // anti-causal initialisation
        c[len - 1] = (z * c[len - 2] + c[len - 1]) * z / (z * z - 1);
        for (int i = len - 2; i >= 0; i--) c[i] = z * (c[i + 1] - c[i]);
    }

    /** scipy's cubic interpolation weights for fractional offset {@code x} in [0, 1) from the first inner tap. */
    private static void splineWeights(double x, double[] w, int off) {
        double y = x;
        double z = 1.0 - x;
        w[off + 1] = (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
        w[off + 2] = (z * z * (z - 2.0) * 3.0 + 4.0) / 6.0;
        w[off] = z * z * z / 6.0;
        double last = 1.0;
        for (int i = 0; i < 3; i++) last -= w[off + i];
        w[off + 3] = last;
    }
}
