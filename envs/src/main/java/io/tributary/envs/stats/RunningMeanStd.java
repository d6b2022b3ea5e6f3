package io.tributary.envs.stats;

import java.util.Arrays;

/**
 * Running mean and variance of vectors, exactly as Gymnasium 0.29.1's {@code RunningMeanStd}: count starts at
 * {@code 1e-4} (so the first update is not a division by zero), mean 0, var 1; every update is the parallel
 * combination (Chan et al.) of the current moments with a batch's moments, in Gymnasium's order of operations so
 * that the doubles match bit for bit.
 *
 * <p>The learner owns these statistics and broadcasts them: {@link #set}, {@link #m2} and {@link #merge} let it read
 * an actor's contribution as (count, mean, M2) and combine contributions. Not thread-safe.
 */
public final class RunningMeanStd {

    /** Gymnasium's initial count. */
    public static final double INITIAL_COUNT = 1e-4;

    private final int dim;
    private double count;
    private final double[] mean;
    private final double[] var;

    /** Fresh statistics for vectors of {@code dim} elements (1 for a scalar such as the return). */
    public RunningMeanStd(int dim) {
        if (dim <= 0) throw new IllegalArgumentException("RunningMeanStd dimension must be positive, got " + dim);
        this.dim = dim;
        this.mean = new double[dim];
        this.var = new double[dim];
        reset();
    }

    /** Back to count 1e-4, mean 0, var 1. */
    public void reset() {
        count = INITIAL_COUNT;
        Arrays.fill(mean, 0.0);
        Arrays.fill(var, 1.0);
    }

    public int dim() {
        return dim;
    }

    public double count() {
        return count;
    }

    /** A copy of the mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the (population) variance. */
    public double[] var() {
        return var.clone();
    }

    public double mean(int i) {
        return mean[i];
    }

    public double var(int i) {
        return var[i];
    }

    /**
     * Gymnasium's normalization of element {@code i} of a value: {@code (x - mean) / sqrt(var + epsilon)}. The one
     * place this formula is written: the wrapper, the actor's per-env running and per-version frozen transforms and
     * the learner's recomputation all call it.
     */
    public double normalized(int i, double x, double epsilon) {
        return (x - mean[i]) / Math.sqrt(var[i] + epsilon);
    }

    /** The statistics as a value (count, mean, var), e.g. for a checkpoint. */
    public Moments moments() {
        return new Moments(count, mean.clone(), var.clone());
    }

    /** Restores what {@link #moments()} returned. */
    public void set(Moments m) {
        set(m.count(), m.mean(), m.var());
    }

    /** A copy of a RunningMeanStd's state: count, per-element mean and population variance. */
    public record Moments(double count, double[] mean, double[] var) {
        public Moments {
            mean = mean.clone();
            var = var.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] var() {
            return var.clone();
        }
    }

    /** The sum of squared deviations, {@code var * count}: the additive form the learner merges. */
    public double[] m2() {
        double[] m2 = new double[dim];
        for (int i = 0; i < dim; i++) m2[i] = var[i] * count;
        return m2;
    }

    /** Replaces the statistics (e.g. with the learner's broadcast). */
    public void set(double count, double[] mean, double[] var) {
        checkDim("mean", mean);
        checkDim("var", var);
        if (!(count > 0) || Double.isInfinite(count)) {
            throw new IllegalArgumentException("RunningMeanStd count must be positive and finite, got " + count);
        }
        for (int i = 0; i < dim; i++) {
            if (!(var[i] >= 0) || Double.isInfinite(var[i]) || !Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("RunningMeanStd element " + i + " is not valid: mean " + mean[i] + ", var " + var[i]);
            }
        }
        this.count = count;
        System.arraycopy(mean, 0, this.mean, 0, dim);
        System.arraycopy(var, 0, this.var, 0, dim);
    }

    /** Copies another instance's statistics into this one. */
    public void copyFrom(RunningMeanStd other) {
        set(other.count, other.mean, other.var);
    }

    /** A deep copy. */
    public RunningMeanStd copy() {
        RunningMeanStd c = new RunningMeanStd(dim);
        c.copyFrom(this);
        return c;
    }

    /** Adds one sample ({@code update(np.array([x]))}: a batch of one, whose variance is 0). */
    public void update(double[] x) {
        update(x, 0, 1);
    }

    /**
     * Adds a batch of {@code rows} samples stored row-major in {@code x} from {@code offset}
     * ({@code np.mean}/{@code np.var} over axis 0, then {@link #updateFromMoments}).
     */
    public void update(double[] x, int offset, int rows) {
        if (rows <= 0) throw new IllegalArgumentException("RunningMeanStd.update needs at least one row, got " + rows);
        if (offset < 0 || offset + rows * dim > x.length) {
            throw new IllegalArgumentException("RunningMeanStd.update: " + rows + " rows of " + dim + " from " + offset
                    + " do not fit in " + x.length + " elements");
        }
        double[] bMean = new double[dim];
        double[] bVar = new double[dim];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) bMean[i] += x[offset + r * dim + i];
        }
        for (int i = 0; i < dim; i++) bMean[i] /= rows;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < dim; i++) {
                double d = x[offset + r * dim + i] - bMean[i];
                bVar[i] += d * d;
            }
        }
        for (int i = 0; i < dim; i++) bVar[i] /= rows;
        updateFromMoments(bMean, bVar, rows);
    }

    /** Gymnasium's {@code update_mean_var_count_from_moments}, term for term. */
    public void updateFromMoments(double[] batchMean, double[] batchVar, double batchCount) {
        checkDim("batch mean", batchMean);
        checkDim("batch var", batchVar);
        double totCount = count + batchCount;
        for (int i = 0; i < dim; i++) {
            double delta = batchMean[i] - mean[i];
            double newMean = mean[i] + delta * batchCount / totCount;
            double mA = var[i] * count;
            double mB = batchVar[i] * batchCount;
            double m2 = mA + mB + delta * delta * count * batchCount / totCount;
            mean[i] = newMean;
            var[i] = m2 / totCount;
        }
        count = totCount;
    }

    /**
     * Merges a contribution given as (count, mean, M2) (Chan et al.'s parallel algorithm); the same arithmetic as
     * {@link #updateFromMoments} with {@code batchVar = m2 / count}.
     */
    public void merge(double otherCount, double[] otherMean, double[] otherM2) {
        checkDim("mean", otherMean);
        checkDim("M2", otherM2);
        if (!(otherCount > 0)) throw new IllegalArgumentException("merge count must be positive, got " + otherCount);
        double totCount = count + otherCount;
        for (int i = 0; i < dim; i++) {
            double delta = otherMean[i] - mean[i];
            double newMean = mean[i] + delta * otherCount / totCount;
            double m2 = var[i] * count + otherM2[i] + delta * delta * count * otherCount / totCount;
            mean[i] = newMean;
            var[i] = m2 / totCount;
        }
        count = totCount;
    }

    /** Merges another instance's statistics into this one. */
    public void merge(RunningMeanStd other) {
        merge(other.count, other.mean, other.m2());
    }

    private void checkDim(String what, double[] a) {
        if (a == null || a.length != dim) {
            throw new IllegalArgumentException("RunningMeanStd " + what + " has " + (a == null ? "null" : a.length + " elements")
                    + ", expected " + dim);
        }
    }

    @Override
    public String toString() {
        return "RunningMeanStd(count=" + count + ", mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var) + ")";
    }
}
