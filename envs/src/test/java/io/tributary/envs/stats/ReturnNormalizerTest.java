package io.tributary.envs.stats;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReturnNormalizerTest {

    @Test
    void eachStepIsGymnasiumsNormalizeRewardWrittenOutByHand() {
        ReturnNormalizer n = new ReturnNormalizer(1, 0.9, 1e-8);
        RunningMeanStd rms = new RunningMeanStd(1);
        double g = 0;
        SplittableRandom rnd = new SplittableRandom(3);
        for (int t = 0; t < 500; t++) {
            double r = rnd.nextDouble(-5, 1);
            boolean terminated = t % 97 == 96;
            g = g * 0.9 * (terminated ? 0 : 1) + r;
            rms.update(new double[] {g});
            assertEquals(r / Math.sqrt(rms.var(0) + 1e-8), n.normalize(0, r, terminated), 0.0, "step " + t);
        }
    }

    @Test
    void copiesShareTheStatisticsButKeepTheirOwnReturns() {
        ReturnNormalizer n = new ReturnNormalizer(2, 0.99, 1e-8);
        n.normalize(0, 1.0, false);
        n.normalize(1, -2.0, false);
        n.normalize(0, 1.0, false);
        assertEquals(1.0 * 0.99 + 1.0, n.returns(0), 1e-15);
        assertEquals(-2.0, n.returns(1));
        assertEquals(3 + RunningMeanStd.INITIAL_COUNT, n.stats().count(), 1e-12);
    }

    @Test
    void aTruncationCarriesTheReturnOnlyATerminationCutsIt() {
        ReturnNormalizer n = new ReturnNormalizer(1, 0.5, 1e-8);
        n.normalize(0, 2.0, false);
        n.normalize(0, 2.0, false); // a truncated step is not terminated: carried
        assertEquals(3.0, n.returns(0));
        n.normalize(0, 2.0, true);
        assertEquals(2.0, n.returns(0), "cut on the terminal step itself");
    }

    @Test
    void copiesGrowOnDemandAndStartAtZero() {
        ReturnNormalizer n = new ReturnNormalizer(0, 0.99, 1e-8);
        n.ensureCopies(3);
        assertTrue(n.copies() >= 3);
        n.normalize(2, 1.5, false);
        assertEquals(1.5, n.returns(2));
        assertEquals(0.0, n.returns(0));
    }

    @Test
    void aRestoredNormalizerContinuesExactlyAsTheSavedOne() {
        ReturnNormalizer a = new ReturnNormalizer(2, 0.99, 1e-8);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int t = 0; t < 100; t++) a.normalize(t % 2, rnd.nextDouble(-3, 0), t == 50);
        ReturnNormalizer b = new ReturnNormalizer(1, 0.99, 1e-8);
        b.restore(a.state());
        for (int t = 0; t < 100; t++) {
            double r = rnd.nextDouble(-3, 0);
            assertEquals(a.normalize(t % 2, r, false), b.normalize(t % 2, r, false), 0.0, "step " + t);
        }
    }

    @Test
    void aBadGammaIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReturnNormalizer(1, 1.5, 1e-8));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
    }
}
