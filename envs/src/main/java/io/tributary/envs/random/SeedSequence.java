package io.tributary.envs.random;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * numpy's {@code SeedSequence} (pool of four 32-bit words): turns an integer seed into well-mixed generator state.
 * Gymnasium seeds every environment through it, so {@code reset(seed)} only matches Gymnasium if the pool and
 * {@link #generateState} match numpy word for word. All arithmetic is on 32-bit words, wrapping as uint32 does.
 */
public final class SeedSequence {

    private static final int POOL_SIZE = 4;
    private static final int INIT_A = 0x43b0d7e5;
    private static final int MULT_A = 0x931e8875;
    private static final int INIT_B = 0x8b51f9dd;
    private static final int MULT_B = 0x58f38ded;
    private static final int MIX_MULT_L = 0xca01f9dd;
    private static final int MIX_MULT_R = 0x4973f715;
    private static final int XSHIFT = 16;

    private final int[] entropy;
    private final int[] pool = new int[POOL_SIZE];

    /** A sequence from a non-negative integer seed, as {@code np.random.SeedSequence(seed)}. */
    public SeedSequence(long seed) {
        this(wordsOf(seed));
    }

    /** A sequence from 128 bits of OS entropy, as {@code np.random.SeedSequence()} with no argument. */
    public static SeedSequence fromEntropy() {
        int[] words = new int[4];
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < words.length; i++) words[i] = r.nextInt();
        return new SeedSequence(words);
    }

    /** A sequence from entropy given as little-endian uint32 words (numpy's coercion of a Python int). */
    public SeedSequence(int[] entropyWords) {
        if (entropyWords.length == 0) throw new IllegalArgumentException("SeedSequence needs at least one entropy word");
        this.entropy = entropyWords.clone();
        mixEntropy();
    }

    /** numpy splits a non-negative int into 32-bit words, least significant first; 0 is the single word [0]. */
    static int[] wordsOf(long seed) {
        if (seed < 0) throw new IllegalArgumentException("seed must be >= 0 (numpy and Gymnasium reject negative seeds), got " + seed);
        if (seed >>> 32 == 0) return new int[] {(int) seed};
        return new int[] {(int) seed, (int) (seed >>> 32)};
    }

    private static final class Hash {
        int constant;

        Hash(int init) {
            constant = init;
        }

        int hashmix(int value) {
            value ^= constant;
            constant *= MULT_A;
            value *= constant;
            value ^= value >>> XSHIFT;
            return value;
        }
    }

    private static int mix(int x, int y) {
        int result = MIX_MULT_L * x - MIX_MULT_R * y;
        result ^= result >>> XSHIFT;
        return result;
    }

    private void mixEntropy() {
        Hash h = new Hash(INIT_A);
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = h.hashmix(i < entropy.length ? entropy[i] : 0);
        }
        for (int src = 0; src < POOL_SIZE; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                if (src != dst) pool[dst] = mix(pool[dst], h.hashmix(pool[src]));
            }
        }
        for (int src = POOL_SIZE; src < entropy.length; src++) {
            for (int dst = 0; dst < POOL_SIZE; dst++) {
                pool[dst] = mix(pool[dst], h.hashmix(entropy[src]));
            }
        }
    }

    /** The mixed pool (uint32 words), for tests and diagnostics. */
    public int[] pool() {
        return pool.clone();
    }

    /** The entropy words this sequence was built from. */
    public int[] entropy() {
        return entropy.clone();
    }

    /** {@code generate_state(n, np.uint32)}: n words cycled out of the pool through the second hash. */
    public int[] generateState(int nWords) {
        int[] out = new int[nWords];
        int hashConst = INIT_B;
        for (int i = 0; i < nWords; i++) {
            int v = pool[i % POOL_SIZE];
            v ^= hashConst;
            hashConst *= MULT_B;
            v *= hashConst;
            v ^= v >>> XSHIFT;
            out[i] = v;
        }
        return out;
    }

    /** {@code generate_state(n, np.uint64)}: 2n uint32 words paired little-endian (low word first). */
    public long[] generateState64(int nWords) {
        int[] w = generateState(2 * nWords);
        long[] out = new long[nWords];
        for (int i = 0; i < nWords; i++) {
            out[i] = (w[2 * i] & 0xffffffffL) | ((long) w[2 * i + 1] << 32);
        }
        return out;
    }

    @Override
    public String toString() {
        return "SeedSequence(entropy=" + Arrays.toString(entropy) + ")";
    }
}
