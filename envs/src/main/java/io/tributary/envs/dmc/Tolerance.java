package io.tributary.envs.dmc;

/**
 * dm_control's {@code rewards.tolerance}: 1 inside {@code [lower, upper]}, falling off outside with a sigmoid that
 * reaches {@code valueAtMargin} at distance {@code margin}; an indicator when {@code margin == 0}.
 */
public final class Tolerance {

    public enum Sigmoid { GAUSSIAN, HYPERBOLIC, LONG_TAIL, RECIPROCAL, COSINE, LINEAR, QUADRATIC, TANH_SQUARED }

    private Tolerance() {}

    /** {@code tolerance(x, bounds, margin, sigmoid='gaussian', value_at_margin=0.1)}. */
    public static double tolerance(double x, double lower, double upper, double margin) {
        return tolerance(x, lower, upper, margin, Sigmoid.GAUSSIAN, 0.1);
    }

    public static double tolerance(double x, double lower, double upper, double margin, Sigmoid sigmoid,
                                   double valueAtMargin) {
        if (lower > upper) throw new IllegalArgumentException("tolerance: lower bound " + lower + " > upper " + upper);
        if (margin < 0) throw new IllegalArgumentException("tolerance: margin must be non-negative, got " + margin);
        if (lower <= x && x <= upper) return 1.0;
        if (margin == 0) return 0.0;
        double d = (x < lower ? lower - x : x - upper) / margin;
        return sigmoid(d, valueAtMargin, sigmoid);
    }

    /** The small-control term {@code tolerance(u, margin=1, value_at_margin=0, sigmoid='quadratic')} = 1 - u^2 inside. */
    public static double smallControl(double u) {
        return tolerance(u, 0, 0, 1, Sigmoid.QUADRATIC, 0);
    }

    /** {@code S(d; v)} with {@code S(0) = 1}, {@code S(1) = v}. */
    public static double sigmoid(double x, double v, Sigmoid kind) {
        switch (kind) {
            case GAUSSIAN, HYPERBOLIC, LONG_TAIL, RECIPROCAL, TANH_SQUARED -> {
                if (!(v > 0 && v < 1)) throw new IllegalArgumentException("value_at_margin must be in (0, 1) for " + kind + ", got " + v);
            }
            default -> {
                if (!(v >= 0 && v < 1)) throw new IllegalArgumentException("value_at_margin must be in [0, 1) for " + kind + ", got " + v);
            }
        }
        switch (kind) {
            case GAUSSIAN: {
                double s = Math.sqrt(-2 * Math.log(v));
                double xs = x * s;
                return Math.exp(-0.5 * (xs * xs));
            }
            case HYPERBOLIC: {
                double s = acosh(1 / v);
                return 1 / Math.cosh(x * s);
            }
            case LONG_TAIL: {
                double s = Math.sqrt(1 / v - 1);
                return 1 / ((x * s) * (x * s) + 1);
            }
            case RECIPROCAL: {
                double s = 1 / v - 1;
                return 1 / (Math.abs(x) * s + 1);
            }
            case COSINE: {
                double s = Math.acos(2 * v - 1) / Math.PI;
                double xs = x * s;
                return Math.abs(xs) < 1 ? (1 + Math.cos(Math.PI * xs)) / 2 : 0.0;
            }
            case LINEAR: {
                double s = 1 - v;
                double xs = x * s;
                return Math.abs(xs) < 1 ? 1 - xs : 0.0;
            }
            case QUADRATIC: {
                double s = Math.sqrt(1 - v);
                double xs = x * s;
                return Math.abs(xs) < 1 ? 1 - xs * xs : 0.0;
            }
            case TANH_SQUARED: {
                double s = atanh(Math.sqrt(1 - v));
                double t = Math.tanh(x * s);
                return 1 - t * t;
            }
            default:
                throw new IllegalArgumentException("unknown sigmoid " + kind);
        }
    }

    private static double acosh(double x) {
        return Math.log(x + Math.sqrt(x * x - 1));
    }

    private static double atanh(double x) {
        return 0.5 * Math.log((1 + x) / (1 - x));
    }
}
