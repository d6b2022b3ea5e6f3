package io.tributary.envs.random;

/**
 * numpy's {@code PCG64} bit generator: a 128-bit LCG (state = state * MULT + inc, mod 2^128) whose output is the
 * XSL-RR permutation of the new state (xor of the halves, rotated right by the top 6 bits). The 128-bit numbers are
 * kept as (high, low) pairs of unsigned longs.
 */
public final class Pcg64 {

    private static final long MULT_HI = 0x2360ed051fc65da4L;
    private static final long MULT_LO = 0x4385df649fccf645L;

    private long stateHi;
    private long stateLo;
    private long incHi;
    private long incLo;
    private boolean hasUint32;
    private int bufferedUint32;

    /** Seeded as numpy does: {@code generate_state(4, uint64)} gives (state hi, state lo, seq hi, seq lo). */
    public Pcg64(SeedSequence seq) {
        long[] s = seq.generateState64(4);
        setSeed(s[0], s[1], s[2], s[3]);
    }

    /** Raw seeding ({@code pcg64_set_seed}): initial state and stream selector, each as (high, low). */
    public Pcg64(long initStateHi, long initStateLo, long initSeqHi, long initSeqLo) {
        setSeed(initStateHi, initStateLo, initSeqHi, initSeqLo);
    }

    private void setSeed(long initStateHi, long initStateLo, long initSeqHi, long initSeqLo) {
        // The increment must be odd: the stream selector is shifted left by one and the low bit set.
        incHi = (initSeqHi << 1) | (initSeqLo >>> 63);
        incLo = (initSeqLo << 1) | 1L;
        stateHi = 0;
        stateLo = 0;
        step();
        long lo = stateLo + initStateLo;
        long carry = Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0;
        stateHi = stateHi + initStateHi + carry;
        stateLo = lo;
        step();
        hasUint32 = false;
    }

    /** The whole state (state hi/lo, increment hi/lo, buffered-uint32 flag, the buffered value), for a checkpoint. */
    public long[] state() {
        return new long[] {stateHi, stateLo, incHi, incLo, hasUint32 ? 1 : 0, bufferedUint32};
    }

    /** Continues from {@link #state()}. */
    public void restore(long[] s) {
        if (s.length != 6) throw new IllegalArgumentException("a PCG64 state has 6 values, got " + s.length);
        stateHi = s[0];
        stateLo = s[1];
        incHi = s[2];
        incLo = s[3];
        hasUint32 = s[4] != 0;
        bufferedUint32 = (int) s[5];
    }

    private void step() {
        // (hi, lo) * (MULT_HI, MULT_LO) mod 2^128, then + inc.
        long lo = stateLo * MULT_LO;
        long hi = Math.unsignedMultiplyHigh(stateLo, MULT_LO) + stateHi * MULT_LO + stateLo * MULT_HI;
        long newLo = lo + incLo;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        stateHi = hi + incHi + carry;
        stateLo = newLo;
    }

    /** The next 64 random bits (numpy's {@code random_raw}). */
    public long nextLong() {
        step();
        return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
    }

    /** The next 32 random bits: numpy splits one 64-bit draw into two, low half first. */
    public int nextInt() {
        if (hasUint32) {
            hasUint32 = false;
            return bufferedUint32;
        }
        long v = nextLong();
        hasUint32 = true;
        bufferedUint32 = (int) (v >>> 32);
        return (int) v;
    }

    /** A uniform double in [0, 1) from the top 53 bits of one 64-bit draw (numpy's {@code next_double}). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
