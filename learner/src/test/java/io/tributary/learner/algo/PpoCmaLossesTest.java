package io.tributary.learner.algo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * PPO-CMA-m's losses: both gradients against central finite differences of independent float64 losses written
 * from the paper's formulas, and the two properties that make the method: negative advantages push the mean away
 * (mirroring), and the variance loss sees positive advantages only.
 */
class PpoCmaLossesTest {

    private static final int ROWS = 17;
    private static final int DIM = 3;
    private static final double[] LOW = {-2, -1, 0};
    private static final double[] HIGH = {2, 1, 3};

    private record Batch(double[] m, double[] r, double[] actions, double[] advantages, double[] oldMean) {}

    private static Batch batch(PpoCmaLosses l, long seed) {
        RandomGenerator rng = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
        double[] m = new double[ROWS * DIM];
        double[] r = new double[ROWS * DIM];
        double[] a = new double[ROWS * DIM];
        double[] old = new double[ROWS * DIM];
        double[] adv = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            adv[i] = rng.nextGaussian();
            for (int j = 0; j < DIM; j++) {
                int k = i * DIM + j;
                m[k] = rng.nextGaussian();
                r[k] = rng.nextGaussian();
                old[k] = l.mean(m[k] + 0.2 * rng.nextGaussian(), j);
                a[k] = old[k] + Math.exp(0.5 * l.logVar(r[k], j)) * rng.nextGaussian();
            }
        }
        return new Batch(m, r, a, adv, old);
    }

    /** log pi(a | mu, log_var) without the constant, the authors' form. */
    private static double logPi(double a, double mu, double logVar) {
        return -0.5 * (a - mu) * (a - mu) / Math.exp(logVar) - 0.5 * logVar;
    }

    /** -mean(A+ log pi(a | mu, var)), written from the formula. */
    private static double referenceVarianceLoss(PpoCmaLosses l, Batch b, double[] r) {
        double sum = 0;
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < DIM; j++) {
                int k = i * DIM + j;
                sum -= Math.max(b.advantages[i], 0) * logPi(b.actions[k], l.mean(b.m[k], j), l.logVar(r[k], j));
            }
        }
        return sum / ROWS;
    }

    /** -mean(A+ log pi(a)) - mean(A- k log pi(mirrored a)), written from the formula. */
    private static double referenceMeanLoss(PpoCmaLosses l, Batch b, double[] m) {
        double sum = 0;
        for (int i = 0; i < ROWS; i++) {
            double kernel = 0;
            for (int j = 0; j < DIM; j++) {
                int k = i * DIM + j;
                double d = b.actions[k] - b.oldMean[k];
                kernel += Math.exp(-0.5 * d * d / Math.exp(l.logVar(b.r[k], j))) / DIM;
            }
            for (int j = 0; j < DIM; j++) {
                int k = i * DIM + j;
                double mu = l.mean(m[k], j);
                double lv = l.logVar(b.r[k], j);
                double mirrored = 2 * b.oldMean[k] - b.actions[k];
                sum -= Math.max(b.advantages[i], 0) * logPi(b.actions[k], mu, lv);
                sum -= Math.max(-b.advantages[i], 0) * kernel * logPi(mirrored, mu, lv);
            }
        }
        return sum / ROWS;
    }

    @Test
    void theVarianceLossGradientIsItsFiniteDifferenceForEveryRawOutput() {
        PpoCmaLosses l = new PpoCmaLosses(LOW, HIGH);
        Batch b = batch(l, 1);
        double[] grad = new double[ROWS * DIM];
        double loss = l.varianceLoss(ROWS, b.m, b.r, b.actions, b.advantages, grad);
        assertEquals(referenceVarianceLoss(l, b, b.r), loss, 1e-12);
        double[] r = b.r.clone();
        double h = 1e-6;
        double maxErr = 0;
        for (int k = 0; k < r.length; k++) {
            double keep = r[k];
            r[k] = keep + h;
            double up = referenceVarianceLoss(l, b, r);
            r[k] = keep - h;
            double down = referenceVarianceLoss(l, b, r);
            r[k] = keep;
            double numeric = (up - down) / (2 * h);
            maxErr = Math.max(maxErr, Math.abs(numeric - grad[k]) / Math.max(1e-4, Math.abs(numeric) + Math.abs(grad[k])));
        }
        assertTrue(maxErr < 1e-5, "max relative error " + maxErr);
    }

    @Test
    void theMeanLossGradientIsItsFiniteDifferenceForEveryRawOutputMirroredTermIncluded() {
        PpoCmaLosses l = new PpoCmaLosses(LOW, HIGH);
        Batch b = batch(l, 2);
        double[] grad = new double[ROWS * DIM];
        double loss = l.meanLoss(ROWS, b.m, b.r, b.actions, b.advantages, b.oldMean, grad);
        assertEquals(referenceMeanLoss(l, b, b.m), loss, 1e-12);
        double[] m = b.m.clone();
        double h = 1e-6;
        double maxErr = 0;
        for (int k = 0; k < m.length; k++) {
            double keep = m[k];
            m[k] = keep + h;
            double up = referenceMeanLoss(l, b, m);
            m[k] = keep - h;
            double down = referenceMeanLoss(l, b, m);
            m[k] = keep;
            double numeric = (up - down) / (2 * h);
            maxErr = Math.max(maxErr, Math.abs(numeric - grad[k]) / Math.max(1e-4, Math.abs(numeric) + Math.abs(grad[k])));
        }
        assertTrue(maxErr < 1e-5, "max relative error " + maxErr);
    }

    @Test
    void aNegativeAdvantagePushesTheMeanAwayFromItsActionAndTheVarianceIgnoresIt() {
        PpoCmaLosses l = new PpoCmaLosses(new double[] {-2}, new double[] {2});
        // one row at the old mean 0 (raw 0), a bad action at +0.5
        double[] m = {0};
        double[] r = {0};
        double[] a = {0.5};
        double[] old = {l.mean(0, 0)};
        double[] dMean = new double[1];
        l.meanLoss(1, m, r, a, new double[] {-1}, old, dMean);
        assertTrue(dMean[0] > 0, "descending the loss moves the mean towards -0.5, away from the bad action: " + dMean[0]);
        double[] dGood = new double[1];
        l.meanLoss(1, m, r, a, new double[] {1}, old, dGood);
        assertTrue(dGood[0] < 0, "a good action pulls the mean towards it: " + dGood[0]);
        double[] dVar = {123};
        assertEquals(0.0, l.varianceLoss(1, m, r, a, new double[] {-1}, dVar), 0.0);
        assertEquals(0.0, dVar[0], 0.0, "negative advantages do not train the variance");
    }

    @Test
    void theSoftClipsKeepMeanAndLogVarianceInsideTheirBounds() {
        PpoCmaLosses l = new PpoCmaLosses(new double[] {-2}, new double[] {2});
        assertEquals(-2, l.mean(-50, 0), 1e-12);
        assertEquals(2, l.mean(50, 0), 1e-12);
        assertEquals(0, l.mean(0, 0), 1e-12);
        assertEquals(Math.log(1e-4), l.logVar(-50, 0), 1e-9);
        assertEquals(Math.log(16), l.logVar(50, 0), 1e-9);
    }
}
