package io.tributary.envs.random;

/**
 * The part of numpy's {@code Generator} (over {@link Pcg64}) that Gymnasium's environments use:
 * {@code np.random.default_rng(seed)} and its {@code random()} and {@code uniform(low, high)}.
 */
public final class NumpyGenerator {

    private final Pcg64 bits;

    public NumpyGenerator(Pcg64 bits) {
        this.bits = bits;
    }

    /** {@code np.random.default_rng(seed)}, which is also what Gymnasium's {@code seeding.np_random(seed)} builds. */
    public static NumpyGenerator defaultRng(long seed) {
        return new NumpyGenerator(new Pcg64(new SeedSequence(seed)));
    }

    /** {@code np.random.default_rng()}: seeded from OS entropy. */
    public static NumpyGenerator fromEntropy() {
        return new NumpyGenerator(new Pcg64(SeedSequence.fromEntropy()));
    }

    /** A generator continuing from {@link Pcg64#state()}. */
    public static NumpyGenerator restored(long[] pcg64State) {
        Pcg64 bits = new Pcg64(0, 0, 0, 0);
        bits.restore(pcg64State);
        return new NumpyGenerator(bits);
    }

    public Pcg64 bitGenerator() {
        return bits;
    }

    /** {@code Generator.random()}: uniform in [0, 1). */
    public double random() {
        return bits.nextDouble();
    }

    /** {@code Generator.uniform(low, high)}: {@code low + (high - low) * random()}, in this order of operations. */
    public double uniform(double low, double high) {
        double range = high - low;
        if (!Double.isFinite(range)) throw new ArithmeticException("uniform: high - low range exceeds valid bounds");
        return low + range * bits.nextDouble();
    }

    /** Element-wise {@code uniform(low[], high[])}, drawing in index order as numpy's broadcasting loop does. */
    public double[] uniform(double[] low, double[] high) {
        if (low.length != high.length) {
            throw new IllegalArgumentException("uniform: low has " + low.length + " elements, high " + high.length);
        }
        double[] out = new double[low.length];
        for (int i = 0; i < out.length; i++) out[i] = uniform(low[i], high[i]);
        return out;
    }

    /** {@code Generator.standard_normal()}: numpy's ziggurat, the same doubles numpy draws. */
    public double standardNormal() {
        return ZigguratNormal.next(bits);
    }
}
