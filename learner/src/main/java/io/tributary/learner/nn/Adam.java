package io.tributary.learner.nn;

import java.nio.FloatBuffer;

/**
 * PyTorch's {@code torch.optim.Adam} (no weight decay, no amsgrad) over a flat parameter vector, preceded by
 * {@code clip_grad_norm_}: the global L2 norm over every gradient, scaled down to {@code maxNorm} when above it.
 * One fused Java loop; moments kept in float32 as PyTorch keeps them for float32 parameters.
 */
public final class Adam {

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float[] m;
    private final float[] v;
    private long step;

    public Adam(int size, double beta1, double beta2, double eps) {
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.m = new float[size];
        this.v = new float[size];
    }

    /** CleanRL's optimizer: betas (0.9, 0.999), the given eps (CleanRL: 1e-5). */
    public static Adam cleanRl(int size, double eps) {
        return new Adam(size, 0.9, 0.999, eps);
    }

    /** Global gradient norm; scales the gradients by {@code maxNorm / (norm + 1e-6)} when that is below 1. */
    public static double clipGradNorm(FloatBuffer g, int size, double maxNorm) {
        double sq = 0;
        for (int i = 0; i < size; i++) {
            double x = g.get(i);
            sq += x * x;
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0) {
            float c = (float) coef;
            for (int i = 0; i < size; i++) g.put(i, g.get(i) * c);
        }
        return norm;
    }

    /** One Adam step with learning rate {@code lr}: {@code p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)}. */
    public void step(FloatBuffer p, FloatBuffer g, double lr) {
        step++;
        double bc1 = 1.0 - Math.pow(beta1, step);
        double bc2 = 1.0 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float b1 = beta1;
        float b2 = beta2;
        for (int i = 0; i < m.length; i++) {
            float gi = g.get(i);
            float mi = b1 * m[i] + (1f - b1) * gi;
            float vi = b2 * v[i] + (1f - b2) * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denom = (float) Math.sqrt(vi) / sqrtBc2 + eps;
            p.put(i, p.get(i) - stepSize * mi / denom);
        }
    }

    public long steps() {
        return step;
    }
}
