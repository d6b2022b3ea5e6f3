package io.tributary.envs.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected values were printed by numpy ({@code SeedSequence(s).pool}, {@code generate_state},
 * {@code PCG64(...).random_raw}, {@code default_rng(s).random/uniform}); SeedSequence and PCG64 are unchanged
 * across numpy 1.17 to 2.x.
 */
class NumpyRandomTest {

    private static int[] u32(long... v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (int) v[i];
        return out;
    }

    @Test
    void seedSequencePoolMatchesNumpy() {
        assertArrayEquals(u32(0xfe40eb07L, 0x4f363a36L, 0x4eb2009dL, 0xc89a7aa7L), new SeedSequence(0).pool());
        assertArrayEquals(u32(0xa137e185L, 0x0de2fab1L, 0x950eae78L, 0x54dd0a81L), new SeedSequence(1).pool());
        assertArrayEquals(u32(0x631d3606L, 0x07ae90aeL, 0x6fc4be28L, 0x2ced5c75L), new SeedSequence(42).pool());
        // Seeds of more than 32 bits are split into two little-endian words.
        assertArrayEquals(u32(0x73d34ef0L, 0xda919992L, 0x5c469880L, 0x2789f14bL), new SeedSequence((1L << 32) + 5).pool());
        assertArrayEquals(u32(0x65c2aa7eL, 0x92202145L, 0x2194a56fL, 0x0bf325ddL), new SeedSequence(12345678901234L).pool());
    }

    @Test
    void generateStateMatchesNumpy() {
        assertArrayEquals(new long[] {0xdb2cd7e7b0f478beL, 0xabf4641a2c71ba49L, 0x20c6ed6d9d7b8d41L, 0x2c4099de223c39d4L},
                new SeedSequence(0).generateState64(4));
        assertArrayEquals(new long[] {0x9f1e2e6dcd540ab7L, 0xd57873dc79fb94b6L, 0x7d282a1b64d420b7L, 0x336579714692d5ffL},
                new SeedSequence(42).generateState64(4));
        // More words than the pool: the pool is cycled.
        assertArrayEquals(u32(0x7c326e58L, 0xead0f701L, 0xf97e037aL, 0x0879c4f0L, 0x6745675fL, 0x623a8c4bL),
                new SeedSequence(7).generateState(6));
    }

    @Test
    void pcg64RawOutputMatchesNumpy() {
        Pcg64 p = new Pcg64(new SeedSequence(0));
        assertEquals(0xa30febcfd9c2825fL, p.nextLong());
        assertEquals(0x4510bdf882d9d721L, p.nextLong());
        assertEquals(0x0a7d3da94ecde8b8L, p.nextLong());
        Pcg64 q = new Pcg64(new SeedSequence(12345678901234L));
        assertEquals(0x68085c467f7b2784L, q.nextLong());
        assertEquals(0x06b546d7e1c5e5a7L, q.nextLong());
        assertEquals(0x9ee037e352c2e6d2L, q.nextLong());
    }

    @Test
    void pcg64SplitsOneDrawIntoTwoUint32LowFirst() {
        long first = new Pcg64(new SeedSequence(0)).nextLong();
        Pcg64 p = new Pcg64(new SeedSequence(0));
        assertEquals((int) first, p.nextInt());
        assertEquals((int) (first >>> 32), p.nextInt());
    }

    @Test
    void generatorRandomAndUniformMatchNumpy() {
        NumpyGenerator g = NumpyGenerator.defaultRng(0);
        assertEquals(0.6369616873214543, g.random(), 0.0);
        assertEquals(0.2697867137638703, g.random(), 0.0);
        assertEquals(0.04097352393619469, g.random(), 0.0);
        NumpyGenerator h = NumpyGenerator.defaultRng(42);
        assertEquals(0.7739560485559633, h.random(), 0.0);
        assertEquals(0.4388784397520523, h.random(), 0.0);

        NumpyGenerator u = NumpyGenerator.defaultRng(1);
        assertEquals(-0.49763567505994866, u.uniform(-0.6, -0.4), 0.0);
        assertArrayEquals(new double[] {2.8303468781729233, -0.7116807745607325},
                u.uniform(new double[] {-Math.PI, -1}, new double[] {Math.PI, 1}), 0.0);
        NumpyGenerator big = NumpyGenerator.defaultRng(12345678901234L);
        assertEquals(-0.5187244859292185, big.uniform(-0.6, -0.4), 0.0);
    }

    @Test
    void goldenResetStatesForManySeeds() throws Exception {
        // Every seed in the golden files: Pendulum draws uniform([-pi,-1],[pi,1]), MountainCar uniform(-0.6,-0.4).
        int checked = 0;
        for (Map<String, Object> line : Golden.jsonl("gymnasium/pendulum-v1.jsonl")) {
            long seed = ((Number) line.get("seed")).longValue();
            double[] s = NumpyGenerator.defaultRng(seed).uniform(new double[] {-Math.PI, -1}, new double[] {Math.PI, 1});
            assertArrayEquals(Json.doubles(line.get("reset_state")), s, 0.0, "Pendulum seed " + seed);
            checked++;
        }
        for (Map<String, Object> line : Golden.jsonl("gymnasium/mountaincarcontinuous-v0.jsonl")) {
            long seed = ((Number) line.get("seed")).longValue();
            assertEquals(Json.doubles(line.get("reset_state"))[0], NumpyGenerator.defaultRng(seed).uniform(-0.6, -0.4), 0.0,
                    "MountainCar seed " + seed);
            checked++;
        }
        assertTrue(checked >= 12, "golden files have all their lines");
    }

    @Test
    void randomIsInUnitIntervalAndEntropySeedsDiffer() {
        NumpyGenerator g = NumpyGenerator.fromEntropy();
        for (int i = 0; i < 10_000; i++) {
            double r = g.random();
            assertTrue(r >= 0 && r < 1, "random() in [0,1): " + r);
        }
        assertTrue(NumpyGenerator.fromEntropy().random() != NumpyGenerator.fromEntropy().random());
    }

    @Test
    void negativeSeedIsRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SeedSequence(-3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());
    }
}
