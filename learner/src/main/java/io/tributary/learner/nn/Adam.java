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
    /** Java copies of the parameters and gradients: array loops vectorize, native-buffer loops do not. */
    private final float[] pj;
    private final float[] gj;
    private long step;

    public Adam(int size, double beta1, double beta2, double eps) {
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.m = new float[size];
        this.v = new float[size];
        this.pj = new float[size];
        this.gj = new float[size];
    }

    /** CleanRL's optimizer: betas (0.9, 0.999), the given eps (CleanRL: 1e-5). */
    public static Adam cleanRl(int size, double eps) {
        return new Adam(size, 0.9, 0.999, eps);
    }

    /**
     * {@code clip_grad_norm_}: the global L2 norm of the gradients, which are scaled by
     * {@code maxNorm / (norm + 1e-6)} when that is below 1; returns the norm before clipping.
     */
    public double clipGradNorm(FloatBuffer g, double maxNorm) {
        int n = gj.length;
        g.get(0, gj, 0, n);
        double sq = 0;
        for (int i = 0; i < n; i++) sq += gj[i] * gj[i];
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0) {
            float c = (float) coef;
            for (int i = 0; i < n; i++) gj[i] *= c;
            g.put(0, gj, 0, n);
        }
        return norm;
    }

    /** One Adam step with learning rate {@code lr}: {@code p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)}. */
    public void step(FloatBuffer p, FloatBuffer g, double lr) {
        step++;
        double bc1 = 1.0 - Math.pow(beta1, step);
        double bc2 = 1.0 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1.0 / Math.sqrt(bc2));
        float b1 = beta1;
        float b2 = beta2;
        float e = eps;
        int n = m.length;
        p.get(0, pj, 0, n);
        g.get(0, gj, 0, n);
        float[] mm = m;
        float[] vv = v;
        float[] pp = pj;
        float[] gg = gj;
        for (int i = 0; i < n; i++) {
            float gi = gg[i];
            float mi = b1 * mm[i] + (1f - b1) * gi;
            float vi = b2 * vv[i] + (1f - b2) * gi * gi;
            mm[i] = mi;
            vv[i] = vi;
            pp[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBc2 + e);
        }
        p.put(0, pj, 0, n);
    }

    /**
     * One Adam step on the slice {@code [offset, offset + size)} of {@code p} with the same slice of {@code g}, this
     * optimizer's size being the slice's (one optimizer per network of a flat vector, as PPO-CMA has).
     */
    public void step(FloatBuffer p, FloatBuffer g, int offset, double lr) {
        step(p.slice(offset, m.length), g.slice(offset, m.length), lr);
    }

    public long steps() {
        return step;
    }

    /** Everything a checkpoint needs to continue this optimizer bit for bit: the step count and both moments. */
    public record State(long step, float[] m, float[] v) {
        public State {
            if (step < 0) throw new IllegalArgumentException("Adam step must be >= 0, was " + step);
            if (m.length != v.length) {
                throw new IllegalArgumentException("Adam moments differ in size: m " + m.length + ", v " + v.length);
            }
        }
    }

    /** A copy of the state. */
    public State state() {
        return new State(step, m.clone(), v.clone());
    }

    /** Continues from {@code s}, which must be for a vector of this optimizer's size. */
    public void restore(State s) {
        if (s.m().length != m.length) {
            throw new IllegalArgumentException("Adam state is for " + s.m().length + " parameters, this optimizer has "
                    + m.length);
        }
        System.arraycopy(s.m(), 0, m, 0, m.length);
        System.arraycopy(s.v(), 0, v, 0, v.length);
        step = s.step();
    }
}
