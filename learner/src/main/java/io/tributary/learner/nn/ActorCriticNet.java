package io.tributary.learner.nn;

import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * CleanRL's agent on ND4J: the actor-mean MLP, the state-independent {@code log_std} and the critic MLP, over
 * one flat float32 parameter vector in {@link PolicySpec}'s layout (so publishing weights is a copy).
 *
 * <p>Fast path: every matrix product is one sgemm into a preallocated array ({@link Gemm}: OpenBLAS directly on
 * the CPU backend, {@code Nd4j.gemm} elsewhere), and all elementwise work (bias, activation, its derivative, bias gradients) is fused into Java loops over the arrays'
 * native memory. Activations per row count live in a {@link Workspace}, created once per distinct row count.
 */
public final class ActorCriticNet {

    /** One dense layer: {@code W} [out][in] and {@code dW} as views into the flat vectors. */
    private static final class Dense {
        final PolicySpec.Layer layer;
        final Mat w;
        final Mat dw;

        Dense(PolicySpec.Layer layer, INDArray params, INDArray grads, boolean pointers) {
            this.layer = layer;
            this.w = Mat.of(matrixView(params, layer), params, layer.weightOffset(), pointers);
            this.dw = Mat.of(matrixView(grads, layer), grads, layer.weightOffset(), pointers);
        }

        private static INDArray matrixView(INDArray flat, PolicySpec.Layer l) {
            return flat.get(NDArrayIndex.interval(l.weightOffset(), l.weightOffset() + l.weightCount()))
                    .reshape('c', l.out(), l.in());
        }
    }

    /** Activations and deltas for one row count. */
    public final class Workspace {
        public final int rows;
        /** [rows][obsDim] the network input, filled by the caller. */
        public final INDArray obs;
        public final FloatBuffer obsB;
        final Mat obsM;
        final Mat[] actorOut;
        final FloatBuffer[] actorOutB;
        final Mat[] actorDelta;
        final FloatBuffer[] actorDeltaB;
        final Mat[] criticOut;
        final FloatBuffer[] criticOutB;
        final Mat[] criticDelta;
        final FloatBuffer[] criticDeltaB;
        /** Java copies of the layer outputs (activations), for the vectorizable elementwise loops. */
        final float[][] actorOutJ;
        final float[][] criticOutJ;
        final float[] tmp;

        Workspace(int rows) {
            this.rows = rows;
            obs = Buffers.create(rows, spec.observationDim());
            obsB = Buffers.view(obs);
            obsM = owned(obs);
            int na = actor.length;
            actorOut = new Mat[na];
            actorOutB = new FloatBuffer[na];
            actorDelta = new Mat[na];
            actorDeltaB = new FloatBuffer[na];
            for (int l = 0; l < na; l++) {
                actorOut[l] = owned(Buffers.create(rows, actor[l].layer.out()));
                actorOutB[l] = Buffers.view(actorOut[l].array());
                actorDelta[l] = owned(Buffers.create(rows, actor[l].layer.out()));
                actorDeltaB[l] = Buffers.view(actorDelta[l].array());
            }
            int nc = critic.length;
            criticOut = new Mat[nc];
            criticOutB = new FloatBuffer[nc];
            criticDelta = new Mat[nc];
            criticDeltaB = new FloatBuffer[nc];
            for (int l = 0; l < nc; l++) {
                criticOut[l] = owned(Buffers.create(rows, critic[l].layer.out()));
                criticOutB[l] = Buffers.view(criticOut[l].array());
                criticDelta[l] = owned(Buffers.create(rows, critic[l].layer.out()));
                criticDeltaB[l] = Buffers.view(criticDelta[l].array());
            }
            actorOutJ = new float[na][];
            for (int l = 0; l < na; l++) actorOutJ[l] = new float[rows * actor[l].layer.out()];
            criticOutJ = new float[nc][];
            for (int l = 0; l < nc; l++) criticOutJ[l] = new float[rows * critic[l].layer.out()];
            tmp = new float[rows * widest];
        }

        /** [rows][actionDim] actor mean after {@link #forward}. */
        public FloatBuffer mean() {
            return actorOutB[actorOutB.length - 1];
        }

        /** [rows] critic value after {@link #forward}. */
        public FloatBuffer value() {
            return criticOutB[criticOutB.length - 1];
        }

        /** [rows][actionDim] dLoss/dMean, filled by the caller before {@link #backward}. */
        public FloatBuffer meanGrad() {
            return actorDeltaB[actorDeltaB.length - 1];
        }

        /** [rows] dLoss/dValue, filled by the caller before {@link #backward}. */
        public FloatBuffer valueGrad() {
            return criticDeltaB[criticDeltaB.length - 1];
        }
    }

    private final PolicySpec spec;
    private final boolean tanh;
    private final Gemm gemm;
    /** [P] the parameters in the flat layout. */
    public final INDArray params;
    /** [P] gradients of the last {@link #backward}, same layout. */
    public final INDArray grads;
    private final FloatBuffer p;
    private final FloatBuffer g;
    private final Dense[] actor;
    private final Dense[] critic;
    private final Map<Integer, Workspace> workspaces = new HashMap<>();
    private final float[] biasScratch;
    private final int widest;

    public ActorCriticNet(PolicySpec spec) {
        this(spec, Gemm.forThisBackend());
    }

    public ActorCriticNet(PolicySpec spec, Gemm gemm) {
        this.spec = spec;
        this.gemm = gemm;
        this.tanh = spec.activation() == PolicySpec.Activation.TANH;
        int n = spec.parameterCount();
        params = Buffers.create(n);
        grads = Buffers.create(n);
        p = Buffers.view(params);
        g = Buffers.view(grads);
        actor = dense(spec.actorLayers());
        critic = dense(spec.criticLayers());
        int widest = spec.actionDim();
        for (int h : spec.actorHidden()) widest = Math.max(widest, h);
        for (int h : spec.criticHidden()) widest = Math.max(widest, h);
        biasScratch = new float[widest];
        this.widest = widest;
    }

    private Dense[] dense(List<PolicySpec.Layer> layers) {
        Dense[] d = new Dense[layers.size()];
        for (int i = 0; i < d.length; i++) d[i] = new Dense(layers.get(i), params, grads, gemm.usesPointers());
        return d;
    }

    public PolicySpec spec() {
        return spec;
    }

    public Gemm gemm() {
        return gemm;
    }

    private Mat owned(INDArray a) {
        return Mat.of(a, a, 0, gemm.usesPointers());
    }

    public FloatBuffer paramBuffer() {
        return p;
    }

    public FloatBuffer gradBuffer() {
        return g;
    }

    /** Copies the flat parameters out (the weights message payload). */
    public void copyParams(float[] out) {
        p.get(0, out, 0, spec.parameterCount());
    }

    public void setParams(float[] in) {
        if (in.length != spec.parameterCount()) {
            throw new IllegalArgumentException("expected " + spec.parameterCount() + " floats, got " + in.length);
        }
        p.put(0, in, 0, in.length);
    }

    public Workspace workspace(int rows) {
        return workspaces.computeIfAbsent(rows, Workspace::new);
    }

    /** Actor mean and critic value for the rows in {@code ws.obs}. */
    public void forward(Workspace ws) {
        forward(actor, ws.obsM, ws.actorOut, ws.actorOutB, ws.actorOutJ, ws.rows);
        forward(critic, ws.obsM, ws.criticOut, ws.criticOutB, ws.criticOutJ, ws.rows);
    }

    /** Critic only (batch values for GAE). */
    public void forwardValue(Workspace ws) {
        forward(critic, ws.obsM, ws.criticOut, ws.criticOutB, ws.criticOutJ, ws.rows);
    }

    private void forward(Dense[] layers, Mat input, Mat[] out, FloatBuffer[] outB, float[][] outJ, int rows) {
        Mat in = input;
        int last = layers.length - 1;
        float[] bias = biasScratch;
        for (int l = 0; l <= last; l++) {
            PolicySpec.Layer layer = layers[l].layer;
            gemm.mul(in, false, layers[l].w, true, out[l]);
            // elementwise work on a Java copy: array loops vectorize, buffer loops do not
            int width = layer.out();
            int n = rows * width;
            float[] y = outJ[l];
            outB[l].get(0, y, 0, n);
            p.get(layer.biasOffset(), bias, 0, width);
            if (l == last) {
                for (int r = 0; r < rows; r++) {
                    for (int o = 0; o < width; o++) y[r * width + o] += bias[o];
                }
            } else if (tanh) {
                FastTanh.biasTanh(y, bias, rows, width);
            } else {
                for (int r = 0; r < rows; r++) {
                    for (int o = 0; o < width; o++) y[r * width + o] = Math.max(0f, y[r * width + o] + bias[o]);
                }
            }
            outB[l].put(0, y, 0, n);
            in = out[l];
        }
    }


    /**
     * Gradients of the loss into {@link #grads} (overwritten), given {@code ws.meanGrad()} and
     * {@code ws.valueGrad()} from the caller. The {@code log_std} slice is left for the caller, whose loss owns it.
     */
    public void backward(Workspace ws) {
        backward(actor, ws.obsM, ws.actorOut, ws.actorOutJ, ws.actorDelta, ws.actorDeltaB, ws.tmp, ws.rows);
        backward(critic, ws.obsM, ws.criticOut, ws.criticOutJ, ws.criticDelta, ws.criticDeltaB, ws.tmp, ws.rows);
    }

    private void backward(Dense[] layers, Mat input, Mat[] out, float[][] outJ, Mat[] delta, FloatBuffer[] deltaB,
            float[] tmp, int rows) {
        for (int l = layers.length - 1; l >= 0; l--) {
            PolicySpec.Layer layer = layers[l].layer;
            Mat in = l == 0 ? input : out[l - 1];
            // dW = delta^T . in ; db = column sums of delta
            gemm.mul(delta[l], true, in, false, layers[l].dw);
            int width = layer.out();
            float[] d = tmp;
            deltaB[l].get(0, d, 0, rows * width);
            float[] acc = biasScratch;
            java.util.Arrays.fill(acc, 0, width, 0f);
            for (int r = 0; r < rows; r++) {
                for (int o = 0; o < width; o++) acc[o] += d[r * width + o];
            }
            g.put(layer.biasOffset(), acc, 0, width);
            if (l > 0) {
                // delta_{l-1} = (delta_l . W_l) * act'(out_{l-1}), the product written straight into delta_{l-1}
                gemm.mul(delta[l], false, layers[l].w, false, delta[l - 1]);
                int n = rows * layer.in();
                float[] y = outJ[l - 1];
                deltaB[l - 1].get(0, d, 0, n);
                if (tanh) {
                    for (int i = 0; i < n; i++) d[i] *= 1f - y[i] * y[i];
                } else {
                    for (int i = 0; i < n; i++) d[i] = y[i] > 0f ? d[i] : 0f;
                }
                deltaB[l - 1].put(0, d, 0, n);
            }
        }
    }
}
