package io.tributary.policy.random;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class LxmRandomTest {

    @Test
    void drawsExactlyWhatTheJdksL64X128MixRandomDrawsForTheSameSeed() {
        for (long seed : new long[] {0, 1, 38, -5, Long.MAX_VALUE, 1L * 31 + 7}) {
            RandomGenerator jdk = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
            LxmRandom ours = new LxmRandom(seed);
            for (int i = 0; i < 2000; i++) {
                // nextDouble and nextGaussian are what the rollout's sampler draws; nextInt and nextFloat the update's
                switch (i % 5) {
                    case 0 -> assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + " draw " + i);
                    case 1 -> assertEquals(jdk.nextInt(i + 1), ours.nextInt(i + 1), "seed " + seed + " draw " + i);
                    case 2 -> assertEquals(jdk.nextFloat(), ours.nextFloat(), "seed " + seed + " draw " + i);
                    case 3 -> assertEquals(jdk.nextDouble(), ours.nextDouble(), "seed " + seed + " draw " + i);
                    default -> assertEquals(jdk.nextGaussian(), ours.nextGaussian(), "seed " + seed + " draw " + i);
                }
            }
        }
    }

    @Test
    void aRestoredStateContinuesTheSameStream() {
        LxmRandom a = new LxmRandom(9);
        for (int i = 0; i < 1000; i++) a.nextInt(17);
        long[] state = a.state();
        long[] expected = new long[100];
        for (int i = 0; i < expected.length; i++) expected[i] = a.nextLong();
        LxmRandom b = new LxmRandom(12345);
        b.restore(state);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], b.nextLong(), "draw " + i);
    }

    @Test
    void aStateOfTheWrongShapeIsRejectedByName() {
        LxmRandom r = new LxmRandom(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.restore(new long[3]));
        assertTrue(e.getMessage().contains("4 longs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.restore(new long[] {2, 0, 1, 1}));
        assertTrue(e.getMessage().contains("odd"), e.getMessage());
    }
}
