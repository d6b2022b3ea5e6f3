package io.tributary.learner.nn;

import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * CleanRL's agent: the {@link PolicyNetwork} (actor-mean MLP and {@code log_std}) and the {@link ValueNetwork}
 * (critic MLP) over one flat float32 parameter vector in {@link PolicySpec}'s layout (so publishing weights is a
 * copy), computed by a {@link ComputeBackend}. Activations per row count live in a {@link Workspace}, created once
 * per distinct row count.
 */
public final class ActorCriticNet {

    /** Input and activations of both networks for one row count. */
    public final class Workspace {
        public final int rows;
        final Mat obsM;
        final Mlp.Activations actor;
        final Mlp.Activations critic;
        /** The variance MLP's activations (PPO-CMA's layout); null without one. */
        final Mlp.Activations variance;

        Workspace(int rows) {
            this.rows = rows;
            obsM = backend.matrix(rows, spec.observationDim());
            actor = policy.mean().activations(rows);
            critic = value.mlp().activations(rows);
            variance = policy.variance() == null ? null : policy.variance().activations(rows);
        }

        /** [rows][obsDim] the network input, filled by the caller before a forward pass (good until the next operation). */
        public FloatBuffer obs() {
            return backend.host(obsM);
        }

        /** [rows][actionDim] the variance MLP's raw output {@code r} after {@link PolicyNetwork#forwardVariance}. */
        public FloatBuffer logVarRaw() {
            return variance().output();
        }

        /** [rows][actionDim] dLoss/dr, filled by the caller before {@link PolicyNetwork#vjpVariance}. */
        public FloatBuffer logVarRawGrad() {
            return variance().cotangent();
        }

        private Mlp.Activations variance() {
            if (variance == null) throw new IllegalStateException("the layout has no variance MLP: " + spec);
            return variance;
        }

        /** [rows][actionDim] actor mean after {@link #forward}. */
        public FloatBuffer mean() {
            return actor.output();
        }

        /** [rows] critic value after {@link #forward}. */
        public FloatBuffer value() {
            return critic.output();
        }

        /** [rows][actionDim] dLoss/dMean, filled by the caller before the policy's VJP. */
        public FloatBuffer meanGrad() {
            return actor.cotangent();
        }

        /** [rows] dLoss/dValue, filled by the caller before the value network's VJP. */
        public FloatBuffer valueGrad() {
            return critic.cotangent();
        }

        /** [rows][actionDim] the mean's tangent after the policy's JVP. */
        public FloatBuffer meanTangent() {
            return actor.tangent();
        }

        /** [rows] the value's tangent after the value network's JVP. */
        public FloatBuffer valueTangent() {
            return critic.tangent();
        }

        // The matrices behind the buffers above, for a backend's own kernels (the CUDA backend's device-side loss).

        public Mat obsMat() {
            return obsM;
        }

        public Mat meanMat() {
            return actor.out[actor.out.length - 1];
        }

        public Mat valueMat() {
            return critic.out[critic.out.length - 1];
        }

        public Mat meanGradMat() {
            return actor.delta[actor.delta.length - 1];
        }

        public Mat valueGradMat() {
            return critic.delta[critic.delta.length - 1];
        }
    }

    private final PolicySpec spec;
    private final ComputeBackend backend;
    private final ParameterVector params;
    private final ParameterVector grads;
    private final PolicyNetwork policy;
    private final ValueNetwork value;
    private final Map<Integer, Workspace> workspaces = new HashMap<>();

    public ActorCriticNet(PolicySpec spec) {
        this(spec, CpuBackend.forThisProcess());
    }

    /** On the CPU backend with the given matrix-product route. */
    public ActorCriticNet(PolicySpec spec, Gemm gemm) {
        this(spec, new CpuBackend(gemm));
    }

    public ActorCriticNet(PolicySpec spec, ComputeBackend backend) {
        this.spec = spec;
        this.backend = backend;
        this.params = new ParameterVector(backend, spec);
        this.grads = new ParameterVector(backend, spec);
        Activation hidden = Activation.of(spec.activation());
        this.policy = new PolicyNetwork(spec, new Mlp(backend, Mlp.Part.ACTOR, hidden, params),
                spec.hasVarianceMlp() ? new Mlp(backend, Mlp.Part.VARIANCE, hidden, params) : null, params);
        this.value = new ValueNetwork(new Mlp(backend, Mlp.Part.CRITIC, hidden, params), params);
    }

    public PolicySpec spec() {
        return spec;
    }

    public ComputeBackend backend() {
        return backend;
    }

    public PolicyNetwork policy() {
        return policy;
    }

    public ValueNetwork value() {
        return value;
    }

    /** [P] the parameters. */
    public ParameterVector params() {
        return params;
    }

    /** [P] where the loss's gradients go (the VJPs' usual target). */
    public ParameterVector grads() {
        return grads;
    }

    /** A zeroed vector in the parameter layout (a direction for a JVP, a target for a VJP). */
    public ParameterVector newParameterVector() {
        return new ParameterVector(backend, spec);
    }

    public FloatBuffer paramBuffer() {
        return params.buffer();
    }

    public FloatBuffer gradBuffer() {
        return grads.buffer();
    }

    /** Copies the flat parameters out (the weights message payload). */
    public void copyParams(float[] out) {
        params.read().get(0, out, 0, spec.parameterCount());
    }

    public void setParams(float[] in) {
        params.copyFrom(in);
    }

    public Workspace workspace(int rows) {
        return workspaces.computeIfAbsent(rows, Workspace::new);
    }

    /** Actor mean and critic value for the rows in {@code ws.obs}. */
    public void forward(Workspace ws) {
        policy.forward(ws);
        value.forward(ws);
    }

    /**
     * Both networks' layer VJPs from the cotangents already in {@code ws} ({@code meanGrad}, {@code valueGrad}) into
     * {@code target}'s layer slices, {@code log_std} untouched: backpropagation with no host step, so that a device
     * backend can queue it (or capture it in a graph) behind its own loss kernel.
     */
    public void backwardLayers(Workspace ws, ParameterVector target) {
        policy.mean().vjp(params, ws.obsM, ws.actor, target);
        value.mlp().vjp(params, ws.obsM, ws.critic, target);
    }

    /** Critic only (batch values for GAE). */
    public void forwardValue(Workspace ws) {
        value.forward(ws);
    }
}
