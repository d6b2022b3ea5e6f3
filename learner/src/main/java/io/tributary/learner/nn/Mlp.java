package io.tributary.learner.nn;

import java.nio.FloatBuffer;

/**
 * One of CleanRL's MLPs (the actor mean or the critic): dense layers with the spec's activation between them and a
 * linear head, over layer views of a {@link ParameterVector}. Offers the forward pass, the vector-Jacobian product
 * (backpropagation: the gradient of {@code sum(u . output)} with respect to the layers' parameters) and the
 * Jacobian-vector product (forward mode: the output's directional derivative along a parameter direction).
 */
public final class Mlp {

    /** Which of the layout's MLPs this is (the variance MLP in PPO-CMA's layout only). */
    enum Part { ACTOR, CRITIC, VARIANCE }

    /**
     * Per row count: each layer's output, its cotangent (backward) and, once a JVP has run, its tangent. The host
     * buffers below are the backend's ({@link ComputeBackend#host}): good until the next operation.
     */
    public final class Activations {
        public final int rows;
        final Mat[] out;
        final Mat[] delta;
        private Mat[] tangent;

        Activations(int rows) {
            this.rows = rows;
            int n = layers();
            out = new Mat[n];
            delta = new Mat[n];
            for (int l = 0; l < n; l++) {
                out[l] = backend.matrix(rows, width(l));
                delta[l] = backend.matrix(rows, width(l));
            }
        }

        /** [rows][outputs] the head's output after {@link #forward}, read-only. */
        public FloatBuffer output() {
            return backend.hostRead(out[out.length - 1]);
        }

        /** [rows][outputs] the cotangent {@code u} the caller fills before {@link #vjp}. */
        public FloatBuffer cotangent() {
            return backend.host(delta[delta.length - 1]);
        }

        /** [rows][outputs] the output's tangent after {@link #jvp}, read-only. */
        public FloatBuffer tangent() {
            Mat[] t = tangents();
            return backend.hostRead(t[t.length - 1]);
        }

        Mat[] tangents() {
            if (tangent == null) {
                int n = layers();
                tangent = new Mat[n];
                for (int l = 0; l < n; l++) tangent[l] = backend.matrix(rows, width(l));
            }
            return tangent;
        }
    }

    private final ComputeBackend backend;
    private final Part part;
    private final Activation hidden;
    private final ParameterVector.LayerView[] shape;

    Mlp(ComputeBackend backend, Part part, Activation hidden, ParameterVector layout) {
        this.backend = backend;
        this.part = part;
        this.hidden = hidden;
        this.shape = layers(layout);
    }

    private ParameterVector.LayerView[] layers(ParameterVector v) {
        return switch (part) {
            case ACTOR -> v.actor;
            case CRITIC -> v.critic;
            case VARIANCE -> v.variance;
        };
    }

    int layers() {
        return shape.length;
    }

    private int width(int l) {
        return shape[l].layer().out();
    }

    public int inputs() {
        return shape[0].layer().in();
    }

    public int outputs() {
        return shape[shape.length - 1].layer().out();
    }

    public Activations activations(int rows) {
        return new Activations(rows);
    }

    private Activation activation(int l) {
        return l == shape.length - 1 ? Activation.IDENTITY : hidden;
    }

    /** {@code a.out[l] = act_l(in . W_l^T + b_l)} layer by layer from {@code input} [rows][inputs]. */
    public void forward(ParameterVector p, Mat input, Activations a) {
        ParameterVector.LayerView[] w = layers(p);
        Mat in = input;
        for (int l = 0; l < w.length; l++) {
            backend.gemm(in, false, w[l].weight(), true, 0f, a.out[l]);
            backend.biasActivation(a.out[l], w[l].bias(), activation(l));
            in = a.out[l];
        }
    }

    /**
     * Vector-Jacobian product: with {@code u} in {@link Activations#cotangent()} and {@link #forward} run on the same
     * parameters and input, writes {@code d sum(u . output) / d theta} into this MLP's layers of {@code target}
     * (overwritten; other slices untouched). Backpropagation: {@code dW = delta^T . in}, {@code db} = column sums,
     * {@code delta_{l-1} = (delta_l . W_l) * act'(out_{l-1})}.
     */
    public void vjp(ParameterVector p, Mat input, Activations a, ParameterVector target) {
        ParameterVector.LayerView[] w = layers(p);
        ParameterVector.LayerView[] g = layers(target);
        for (int l = w.length - 1; l >= 0; l--) {
            Mat in = l == 0 ? input : a.out[l - 1];
            backend.gemm(a.delta[l], true, in, false, 0f, g[l].weight());
            backend.columnSums(a.delta[l], g[l].bias());
            if (l > 0) {
                backend.gemm(a.delta[l], false, w[l].weight(), false, 0f, a.delta[l - 1]);
                backend.scaleByDerivative(a.delta[l - 1], a.out[l - 1], hidden);
            }
        }
    }

    /**
     * Jacobian-vector product: with {@link #forward} run on the same parameters and input, the output's derivative
     * along {@code direction} (this MLP's layers of it) into {@link Activations#tangent()}. Forward mode, the input
     * held fixed: {@code t_l = act_l'(.) * (t_{l-1} . W_l^T + in_{l-1} . dW_l^T + db_l)}.
     */
    public void jvp(ParameterVector p, Mat input, Activations a, ParameterVector direction) {
        ParameterVector.LayerView[] w = layers(p);
        ParameterVector.LayerView[] d = layers(direction);
        Mat[] t = a.tangents();
        for (int l = 0; l < w.length; l++) {
            Mat in = l == 0 ? input : a.out[l - 1];
            backend.gemm(in, false, d[l].weight(), true, 0f, t[l]);
            if (l > 0) backend.gemm(t[l - 1], false, w[l].weight(), true, 1f, t[l]);
            backend.biasActivation(t[l], d[l].bias(), Activation.IDENTITY);
            backend.scaleByDerivative(t[l], a.out[l], activation(l));
        }
    }
}
