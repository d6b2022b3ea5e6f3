package io.tributary.envs.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RunningMeanStdTest {

    @Test
    void startsAsGymnasium() {
        RunningMeanStd r = new RunningMeanStd(3);
        assertEquals(1e-4, r.count(), 0.0);
        assertArrayEquals(new double[3], r.mean(), 0.0);
        assertArrayEquals(new double[] {1, 1, 1}, r.var(), 0.0);
    }

    @Test
    void singleUpdateFollowsGymnasiumFormula() {
        // update(np.array([[2.0]])): delta 2, tot 1.0001, mean 2*1/1.0001, M2 = 1*1e-4 + 0 + 4*1e-4*1/1.0001.
        RunningMeanStd r = new RunningMeanStd(1);
        r.update(new double[] {2.0});
        assertEquals(1.0001, r.count(), 0.0);
        assertEquals(2.0 * 1 / 1.0001, r.mean(0), 0.0);
        assertEquals((1.0 * 1e-4 + 0.0 + 2.0 * 2.0 * 1e-4 * 1 / 1.0001) / 1.0001, r.var(0), 0.0);
    }

    @Test
    void convergesToSampleMoments() {
        SplittableRandom rnd = new SplittableRandom(1);
        RunningMeanStd r = new RunningMeanStd(2);
        int n = 20_000;
        double s0 = 0, ss0 = 0;
        for (int i = 0; i < n; i++) {
            double a = 3 + 2 * rnd.nextGaussian();
            r.update(new double[] {a, -a});
            s0 += a;
            ss0 += a * a;
        }
        double mean = s0 / n, var = ss0 / n - mean * mean;
        assertEquals(mean, r.mean(0), 1e-6);
        assertEquals(-mean, r.mean(1), 1e-6);
        assertEquals(var, r.var(0), 1e-3);
        assertEquals(n + 1e-4, r.count(), 1e-6);
    }

    @Test
    void batchUpdateEqualsMomentsOfTheBatch() {
        RunningMeanStd a = new RunningMeanStd(2);
        a.update(new double[] {1, 10, 3, 20, 5, 60}, 0, 3);
        RunningMeanStd b = new RunningMeanStd(2);
        b.updateFromMoments(new double[] {3, 30}, new double[] {8.0 / 3, 1400.0 / 3}, 3);
        assertArrayEquals(b.mean(), a.mean(), 1e-12);
        assertArrayEquals(b.var(), a.var(), 1e-12);
    }

    @Test
    void mergeOfSplitStreamsEqualsOneStream() {
        SplittableRandom rnd = new SplittableRandom(7);
        RunningMeanStd whole = new RunningMeanStd(1);
        RunningMeanStd left = new RunningMeanStd(1);
        RunningMeanStd right = new RunningMeanStd(1);
        for (int i = 0; i < 1000; i++) {
            double[] x = {rnd.nextDouble() * 5};
            whole.update(x);
            (i % 3 == 0 ? left : right).update(x);
        }
        // Each part started with the 1e-4 prior; merging adds a second prior's worth of count.
        left.merge(right.count(), right.mean(), right.m2());
        assertEquals(whole.count() + 1e-4, left.count(), 1e-9);
        assertEquals(whole.mean(0), left.mean(0), 1e-6);
        assertEquals(whole.var(0), left.var(0), 1e-4);
    }

    @Test
    void mergeIsUpdateFromMomentsWithM2() {
        RunningMeanStd a = new RunningMeanStd(1);
        a.set(5, new double[] {1}, new double[] {2});
        RunningMeanStd b = a.copy();
        a.merge(3, new double[] {4}, new double[] {3 * 0.5});
        b.updateFromMoments(new double[] {4}, new double[] {0.5}, 3);
        assertEquals(b.count(), a.count(), 0.0);
        assertEquals(b.mean(0), a.mean(0), 1e-15);
        assertEquals(b.var(0), a.var(0), 1e-15);
    }

    @Test
    void setAndReadBack() {
        RunningMeanStd r = new RunningMeanStd(2);
        r.set(42, new double[] {1, 2}, new double[] {3, 4});
        assertEquals(42, r.count(), 0.0);
        assertArrayEquals(new double[] {1, 2}, r.mean(), 0.0);
        assertArrayEquals(new double[] {3, 4}, r.var(), 0.0);
        assertArrayEquals(new double[] {126, 168}, r.m2(), 0.0);
        double[] m = r.mean();
        m[0] = 99;
        assertEquals(1, r.mean(0), 0.0, "mean() is a copy");
    }

    @Test
    void badInputNamesTheProblem() {
        RunningMeanStd r = new RunningMeanStd(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.set(1, new double[] {1}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("mean") && e.getMessage().contains("expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.set(-1, new double[2], new double[2]));
        assertTrue(e.getMessage().contains("count"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> r.set(1, new double[2], new double[] {1, -1}));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
    }
}
