package io.tributary.learner.nn;

import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * One flat float32 vector in {@link PolicySpec}'s layout (actor layers, {@code log_std}, critic layers) in a
 * backend's memory, with a view per layer's weights and bias. The network's parameters and gradients are two of
 * these; a parameter direction for a Jacobian-vector product, or a vector-Jacobian product's result, is another.
 */
public final class ParameterVector {

    /** One dense layer's slices: {@code weight} [out][in] and {@code bias} [1][out]. */
    record LayerView(PolicySpec.Layer layer, Mat weight, Mat bias) {}

    private final PolicySpec spec;
    private final ComputeBackend backend;
    final Mat flat;
    final LayerView[] actor;
    final LayerView[] critic;
    /** The variance MLP's layers (PPO-CMA's layout); empty without one. */
    final LayerView[] variance;

    ParameterVector(ComputeBackend backend, PolicySpec spec) {
        this.spec = spec;
        this.backend = backend;
        this.flat = backend.matrix(1, spec.parameterCount());
        this.actor = views(backend, spec.actorLayers());
        this.critic = views(backend, spec.criticLayers());
        this.variance = views(backend, spec.varianceLayers());
    }

    private LayerView[] views(ComputeBackend backend, List<PolicySpec.Layer> layers) {
        LayerView[] v = new LayerView[layers.size()];
        for (int i = 0; i < v.length; i++) {
            PolicySpec.Layer l = layers.get(i);
            v[i] = new LayerView(l, backend.view(flat, l.weightOffset(), l.out(), l.in()),
                    backend.view(flat, l.biasOffset(), 1, l.out()));
        }
        return v;
    }

    public PolicySpec spec() {
        return spec;
    }

    public int size() {
        return spec.parameterCount();
    }

    /** The whole vector as one {@code 1 x size} matrix of the backend (for a backend's own kernels). */
    public Mat flat() {
        return flat;
    }

    /**
     * The elements on the host to read and write: element i of the layout is {@code buffer().get(i)}. Good until the
     * backend's next operation ({@link ComputeBackend#host}).
     */
    public FloatBuffer buffer() {
        return backend.host(flat);
    }

    /** As {@link #buffer()}, read-only: nothing to copy back to a device afterwards. */
    public FloatBuffer read() {
        return backend.hostRead(flat);
    }

    public void copyTo(float[] out) {
        check(out.length);
        read().get(0, out, 0, out.length);
    }

    public void copyFrom(float[] in) {
        check(in.length);
        buffer().put(0, in, 0, in.length);
    }

    private void check(int n) {
        if (n != spec.parameterCount()) {
            throw new IllegalArgumentException("expected " + spec.parameterCount() + " floats, got " + n);
        }
    }
}
