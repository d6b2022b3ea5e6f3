package io.tributary.actors.norm;

/**
 * Gymnasium 0.29's {@code RunningMeanStd}: mean 0, variance 1 and a pseudo-count of 1e-4 at the start, merged
 * with each batch by the parallel-variance formula. Kept bit-for-bit in its arithmetic order (float64), because
 * CleanRL's normalized observations and rewards depend on it.
 */
public final class RunningMeanStd {

    public static final double INITIAL_COUNT = 1e-4;

    private final double[] mean;
    private final double[] var;
    private double count = INITIAL_COUNT;

    public RunningMeanStd(int size) {
        mean = new double[size];
        var = new double[size];
        java.util.Arrays.fill(var, 1.0);
    }

    public int size() {
        return mean.length;
    }

    /** Update with a batch of one sample (batch variance 0), as the per-env wrappers do each step. */
    public void update(double[] x, int offset) {
        double batchCount = 1.0;
        double tot = count + batchCount;
        for (int i = 0; i < mean.length; i++) {
            double delta = x[offset + i] - mean[i];
            double newMean = mean[i] + delta * batchCount / tot;
            double mA = var[i] * count;
            double m2 = mA + 0.0 + delta * delta * count * batchCount / tot;
            mean[i] = newMean;
            var[i] = m2 / tot;
        }
        count = tot;
    }

    /** Scalar form of {@link #update(double[], int)} for a size-1 statistic (the return variance). */
    public void update(double x) {
        double tot = count + 1.0;
        double delta = x - mean[0];
        double newMean = mean[0] + delta / tot;
        double m2 = var[0] * count + delta * delta * count / tot;
        mean[0] = newMean;
        var[0] = m2 / tot;
        count = tot;
    }

    /** Merges another set of moments (count, mean, M2) in, e.g. a fragment's contribution. */
    public void merge(double batchCount, double[] batchMean, double[] batchM2) {
        if (batchCount <= 0) return;
        double tot = count + batchCount;
        for (int i = 0; i < mean.length; i++) {
            double delta = batchMean[i] - mean[i];
            double newMean = mean[i] + delta * batchCount / tot;
            double m2 = var[i] * count + batchM2[i] + delta * delta * count * batchCount / tot;
            mean[i] = newMean;
            var[i] = m2 / tot;
        }
        count = tot;
    }

    public double count() {
        return count;
    }

    public double mean(int i) {
        return mean[i];
    }

    public double var(int i) {
        return var[i];
    }

    public double[] meanCopy() {
        return mean.clone();
    }

    public double[] varCopy() {
        return var.clone();
    }
}
