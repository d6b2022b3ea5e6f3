package io.tributary.envs.gymmujoco;

/**
 * numpy's {@code np.sum(np.square(a))} on a float32 array, as Gymnasium's control costs compute it: squares rounded
 * to float32, then numpy's pairwise summation in float32 (eight running sums for eight or more elements, combined
 * as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), the remainder added in order). The result is widened to double where
 * numpy would widen it (a float32 scalar times a Python float is float64 under numpy 1.24's promotion).
 */
final class Float32Sums {

    private Float32Sums() {}

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
}
