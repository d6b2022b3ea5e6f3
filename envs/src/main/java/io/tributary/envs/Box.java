package io.tributary.envs;

import java.util.Arrays;

/**
 * A Gymnasium {@code Box} space: a shape, per-element bounds and a dtype. Values are always carried as
 * {@code double} in Java; {@link DType#FLOAT32} says the environment rounds them to float32, as Gymnasium does.
 */
public record Box(int[] shape, double[] low, double[] high, DType dtype) {

    public enum DType { FLOAT32, FLOAT64 }

    public Box {
        int n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("Box shape has a negative dimension: " + Arrays.toString(shape));
            n *= d;
        }
        if (low.length != n || high.length != n) {
            throw new IllegalArgumentException("Box bounds have " + low.length + "/" + high.length
                    + " elements, shape " + Arrays.toString(shape) + " needs " + n);
        }
        shape = shape.clone();
        low = low.clone();
        high = high.clone();
    }

    /** A flat box of {@code n} elements with the same bounds everywhere. */
    public static Box of(int n, double low, double high, DType dtype) {
        double[] lo = new double[n];
        double[] hi = new double[n];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(new int[] {n}, lo, hi, dtype);
    }

    /** Number of scalar elements (product of the shape). */
    public int size() {
        return low.length;
    }

    public double low(int i) {
        return low[i];
    }

    public double high(int i) {
        return high[i];
    }

    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Double.isInfinite(low[i]) || Double.isInfinite(high[i])) return false;
        }
        return true;
    }

    /**
     * Checks an action before it reaches an environment: the wrong length or a NaN is a caller bug that would
     * otherwise surface as a corrupted trajectory many steps later.
     */
    public void checkAction(String envId, double[] action) {
        if (action == null) throw new IllegalArgumentException(envId + ": action is null");
        if (action.length != size()) {
            throw new IllegalArgumentException(envId + ": action has " + action.length + " elements, the action space "
                    + Arrays.toString(shape) + " needs " + size());
        }
        int nan = firstNaN(action);
        if (nan >= 0) throw new IllegalArgumentException(envId + ": action[" + nan + "] is NaN");
    }

    /** {@link #checkAction} for a vector env's step: {@code copies} actions, row-major, in one array. */
    public void checkActions(String envId, double[] actions, int copies) {
        if (actions == null) throw new IllegalArgumentException(envId + ": actions is null");
        if (actions.length != copies * size()) {
            throw new IllegalArgumentException(envId + ": actions has " + actions.length + " elements, needs "
                    + copies + " x " + size());
        }
        int nan = firstNaN(actions);
        if (nan >= 0) {
            throw new IllegalArgumentException(envId + ": action of copy " + (nan / size()) + " [" + (nan % size()) + "] is NaN");
        }
    }

    private static int firstNaN(double[] a) {
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i])) return i;
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(shape, b.shape) && Arrays.equals(low, b.low)
                && Arrays.equals(high, b.high) && dtype == b.dtype;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(low) * 17 + Arrays.hashCode(high) + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "Box(shape=" + Arrays.toString(shape) + ", dtype=" + dtype + ")";
    }
}
