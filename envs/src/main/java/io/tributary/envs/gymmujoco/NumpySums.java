package io.tributary.envs.gymmujoco;

/**
 * numpy's {@code np.sum(np.square(a))} as Gymnasium's costs compute it, on a float32 array (the action: squares
 * rounded to float32, summed in float32) or a float64 one (data.ctrl, cfrc_ext). Both use numpy's pairwise summation (eight running sums for eight or more elements, combined
 * as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), the remainder added in order). The result is widened to double where
 * numpy would widen it (a float32 scalar times a Python float is float64 under numpy 1.24's promotion).
 */
final class NumpySums {

    private NumpySums() {}

    /** The float32 sum of squares of {@code a[0..n)} (each element first rounded to float32). */
    static float sumOfSquares(double[] a, int n) {
        if (n < 8) {
            float res = 0f;
            for (int i = 0; i < n; i++) res += square(a[i]);
            return res;
        }
        // numpy's PW_BLOCKSIZE is 128; the action spaces here have at most 17 elements
        if (n > 128) throw new IllegalArgumentException("sumOfSquares: " + n + " elements, more than one numpy block");
        float r0 = square(a[0]), r1 = square(a[1]), r2 = square(a[2]), r3 = square(a[3]);
        float r4 = square(a[4]), r5 = square(a[5]), r6 = square(a[6]), r7 = square(a[7]);
        int i = 8;
        for (; i < n - (n % 8); i += 8) {
            r0 += square(a[i]);
            r1 += square(a[i + 1]);
            r2 += square(a[i + 2]);
            r3 += square(a[i + 3]);
            r4 += square(a[i + 4]);
            r5 += square(a[i + 5]);
            r6 += square(a[i + 6]);
            r7 += square(a[i + 7]);
        }
        float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < n; i++) res += square(a[i]);
        return res;
    }

    private static float square(double v) {
        float f = (float) v;
        return f * f;
    }

    /** The float64 sum of squares of {@code a[0..n)}, in numpy's pairwise order (as {@link #sumOfSquares}). */
    static double sumOfSquares64(double[] a, int n) {
        if (n < 8) {
            double res = 0;
            for (int i = 0; i < n; i++) res += a[i] * a[i];
            return res;
        }
        if (n > 128) throw new IllegalArgumentException("sumOfSquares64: " + n + " elements, more than one numpy block");
        double r0 = a[0] * a[0], r1 = a[1] * a[1], r2 = a[2] * a[2], r3 = a[3] * a[3];
        double r4 = a[4] * a[4], r5 = a[5] * a[5], r6 = a[6] * a[6], r7 = a[7] * a[7];
        int i = 8;
        for (; i < n - (n % 8); i += 8) {
            r0 += a[i] * a[i];
            r1 += a[i + 1] * a[i + 1];
            r2 += a[i + 2] * a[i + 2];
            r3 += a[i + 3] * a[i + 3];
            r4 += a[i + 4] * a[i + 4];
            r5 += a[i + 5] * a[i + 5];
            r6 += a[i + 6] * a[i + 6];
            r7 += a[i + 7] * a[i + 7];
        }
        double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < n; i++) res += a[i] * a[i];
        return res;
    }

    /** numpy's pairwise float64 sum of {@code a[0..n)} (np.sum of a contiguous array). */
    static double sum64(double[] a, int n) {
        if (n < 8) {
            double res = 0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n > 128) throw new IllegalArgumentException("sum64: " + n + " elements, more than one numpy block");
        double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
        int i = 8;
        for (; i < n - (n % 8); i += 8) {
            r0 += a[i];
            r1 += a[i + 1];
            r2 += a[i + 2];
            r3 += a[i + 3];
            r4 += a[i + 4];
            r5 += a[i + 5];
            r6 += a[i + 6];
            r7 += a[i + 7];
        }
        double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < n; i++) res += a[i];
        return res;
    }
}
