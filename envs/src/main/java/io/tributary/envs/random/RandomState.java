package io.tributary.envs.random;

import java.security.SecureRandom;

/**
 * numpy's legacy {@code numpy.random.RandomState} (MT19937), draw for draw, as dm_control's tasks use it: an integer
 * seed goes through {@code init_genrand}, doubles are built from two 32-bit outputs (53 bits), and {@link #randn()}
 * is the legacy polar Box-Muller that caches its second value. The cache is part of the state: it survives across
 * calls and episodes, and {@link #uniform}/{@link #randomSample()} neither use nor clear it.
 *
 * <p>Not thread-safe; each environment copy owns one.
 */
public final class RandomState {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int mti;
    private boolean hasGauss;
    private double gauss;

    /** {@code RandomState(seed)} for {@code 0 <= seed < 2^32}. */
    public RandomState(long seed) {
        seed(seed);
    }

    /** Seeded from OS entropy, as {@code RandomState()} without a seed. */
    public static RandomState fromEntropy() {
        return new RandomState(new SecureRandom().nextInt() & 0xffffffffL);
    }

    /** Re-seeds as {@code RandomState.seed(seed)}: MT19937 {@code init_genrand}, Gaussian cache cleared. */
    public void seed(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("RandomState seed must be between 0 and 2**32 - 1, got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
        hasGauss = false;
        gauss = 0;
    }

    /** The whole state (624 key words, position, the cached Gaussian's flag and bits), for a checkpoint. */
    public long[] state() {
        long[] s = new long[N + 3];
        for (int i = 0; i < N; i++) s[i] = mt[i];
        s[N] = mti;
        s[N + 1] = hasGauss ? 1 : 0;
        s[N + 2] = Double.doubleToRawLongBits(gauss);
        return s;
    }

    /** Continues from {@link #state()}. */
    public void restore(long[] s) {
        if (s.length != N + 3) throw new IllegalArgumentException("a RandomState state has " + (N + 3) + " values, got " + s.length);
        if (s[N] < 0 || s[N] > N) throw new IllegalArgumentException("RandomState position must be in [0, " + N + "], was " + s[N]);
        for (int i = 0; i < N; i++) mt[i] = (int) s[i];
        mti = (int) s[N];
        hasGauss = s[N + 1] != 0;
        gauss = Double.longBitsToDouble(s[N + 2]);
    }

    /** A generator continuing from {@link #state()}. */
    public static RandomState restored(long[] s) {
        RandomState r = new RandomState(0);
        r.restore(s);
        return r;
    }

    /** The next raw 32-bit MT19937 output, as an unsigned value in a long. */
    public long nextUint32() {
        if (mti >= N) generate();
        int y = mt[mti++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y & 0xffffffffL;
    }

    private void generate() {
        int kk;
        for (kk = 0; kk < N - M; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        for (; kk < N - 1; kk++) {
            int y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
            mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        int y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        mti = 0;
    }

    /** {@code random_sample()} / {@code rand()}: a double in [0, 1) with 53 random bits. */
    public double randomSample() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code uniform(low, high)}. */
    public double uniform(double low, double high) {
        return low + (high - low) * randomSample();
    }

    /** {@code uniform(low, high, size=out.length)}, element by element. */
    public void uniform(double low, double high, double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = uniform(low, high);
    }

    /** {@code randn()} / {@code standard_normal()}: legacy polar Box-Muller with the cached second value. */
    public double randn() {
        if (hasGauss) {
            hasGauss = false;
            double g = gauss;
            gauss = 0;
            return g;
        }
        double x1, x2, r2;
        do {
            x1 = 2.0 * randomSample() - 1.0;
            x2 = 2.0 * randomSample() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code randn(out.length)}, element by element. */
    public void randn(double[] out) {
        for (int i = 0; i < out.length; i++) out[i] = randn();
    }

    /** {@code randint(n)}: uniform in [0, n) by masked rejection on 32-bit outputs, as the legacy generator. */
    public long randint(long n) {
        if (n <= 0) throw new IllegalArgumentException("randint needs n > 0, got " + n);
        long rng = n - 1;
        if (rng == 0) return 0;
        if (rng > 0xffffffffL) throw new UnsupportedOperationException("randint beyond 2^32 is not implemented");
        long mask = rng;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > rng);
        return v;
    }

    /** {@code choice(len(p), p=p)}: one {@link #randomSample()} searched in the normalised cumulative p. */
    public int choice(double[] p) {
        double total = 0;
        for (double v : p) total += v;
        double u = randomSample();
        double cum = 0;
        for (int i = 0; i < p.length; i++) {
            cum += p[i];
            if (u < cum / total) return i;
        }
        return p.length - 1;
    }
}
