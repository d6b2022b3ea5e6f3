package io.tributary.policy.random;

/**
 * The JDK's {@code L64X128MixRandom} (an LXM generator: a 64-bit LCG plus xoroshiro128, mixed by Lea's function),
 * written out so that its state can be checkpointed: {@code new LxmRandom(seed)} draws exactly what
 * {@code RandomGeneratorFactory.of("L64X128MixRandom").create(seed)} draws (checked by LxmRandomTest), every derived
 * method ({@code nextInt(bound)}, {@code nextFloat}, ...) being {@link java.util.random.RandomGenerator}'s default
 * over {@link #nextLong}, as the JDK's class uses them. The constants and seeding are those of the JDK's source.
 */
public final class LxmRandom implements CheckpointableRandom {

    private static final long M = 0xd1342543de82ef95L;
    private static final long GOLDEN_RATIO_64 = 0x9e3779b97f4a7c15L;
    private static final long SILVER_RATIO_64 = 0x6A09E667F3BCC909L;

    /** The LCG's additive parameter (odd) and state, then the xoroshiro128 state. */
    private long a;
    private long s;
    private long x0;
    private long x1;

    public LxmRandom(long seed) {
        long h = seed ^ SILVER_RATIO_64;
        init(mixMurmur64(h), 1, mixStafford13(h), mixStafford13(h + GOLDEN_RATIO_64));
    }

    private void init(long a, long s, long x0, long x1) {
        this.a = a | 1;
        this.s = s;
        this.x0 = x0;
        this.x1 = x1;
        if ((x0 | x1) == 0) {
            long v = s;
            this.x0 = mixStafford13(v += GOLDEN_RATIO_64);
            this.x1 = mixStafford13(v + GOLDEN_RATIO_64);
        }
    }

    @Override
    public long nextLong() {
        long result = mixLea64(s + x0);
        s = M * s + a;
        long q0 = x0;
        long q1 = x1;
        q1 ^= q0;
        q0 = Long.rotateLeft(q0, 24);
        q0 = q0 ^ q1 ^ (q1 << 16);
        q1 = Long.rotateLeft(q1, 37);
        x0 = q0;
        x1 = q1;
        return result;
    }

    /** {@code [a, s, x0, x1]}. */
    @Override
    public long[] state() {
        return new long[] {a, s, x0, x1};
    }

    @Override
    public void restore(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("an L64X128MixRandom state is 4 longs, got " + state.length);
        }
        if ((state[0] & 1) == 0 || (state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("not an L64X128MixRandom state: the LCG increment must be odd and the"
                    + " xoroshiro state non-zero");
        }
        a = state[0];
        s = state[1];
        x0 = state[2];
        x1 = state[3];
    }

    private static long mixMurmur64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private static long mixStafford13(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long mixLea64(long z) {
        z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
        z = (z ^ (z >>> 32)) * 0xdaba0b6eb09322e3L;
        return z ^ (z >>> 32);
    }
}
