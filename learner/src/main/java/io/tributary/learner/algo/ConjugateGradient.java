package io.tributary.learner.algo;

import java.util.function.BiConsumer;

/**
 * The conjugate gradient method for {@code A x = b} with a symmetric positive-definite {@code A} given only as a
 * product {@code v -> A v}, as sb3-contrib's {@code conjugate_gradient_solver} runs it: start from the caller's
 * {@code x0} (sb3: {@code 1e-4 * randn}), stop when the squared residual norm falls below {@code residualTol}, or
 * after {@code maxIter} products (the last iteration updates {@code x} and returns without a new residual).
 */
public final class ConjugateGradient {

    private ConjugateGradient() {}

    /**
     * Solves in place: {@code x} holds {@code x0} on entry and the solution on return.
     *
     * @param matrixVectorProduct writes {@code A v} into its second argument
     * @return the number of products {@code A p} taken (the initial residual's not counted)
     */
    public static int solve(BiConsumer<double[], double[]> matrixVectorProduct, double[] b, double[] x, int maxIter,
            double residualTol) {
        int n = b.length;
        double[] ap = new double[n];
        // r = b - A x0
        matrixVectorProduct.accept(x, ap);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = b[i] - ap[i];
        double rr = dot(r, r);
        if (rr < residualTol) return 0;
        double[] p = r.clone();
        for (int k = 0; k < maxIter; k++) {
            matrixVectorProduct.accept(p, ap);
            double alpha = rr / dot(p, ap);
            for (int i = 0; i < n; i++) x[i] += alpha * p[i];
            if (k == maxIter - 1) return k + 1;
            for (int i = 0; i < n; i++) r[i] -= alpha * ap[i];
            double rrNew = dot(r, r);
            if (rrNew < residualTol) return k + 1;
            double beta = rrNew / rr;
            rr = rrNew;
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
        }
        return maxIter;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
