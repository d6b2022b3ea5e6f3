package io.tributary.learner.nn;

import io.tributary.protocol.PolicySpec;
import java.nio.FloatBuffer;

/**
 * The policy: CleanRL's actor-mean MLP and its state-independent {@code log_std}, giving each row the Gaussian
 * {@code N(mean(obs), exp(log_std))}. Its outputs per row are {@code mean} [actionDim] and {@code log_std}
 * [actionDim] (the same for every row), and its parameters the layout's policy prefix. It offers the forward pass
 * and both products TRPO-style methods need for Fisher-vector products: VJP ({@code J^T u}) and JVP ({@code J d}).
 */
public final class PolicyNetwork {

    private final PolicySpec spec;
    private final Mlp mean;
    private final Mlp variance;
    private final ParameterVector params;

    PolicyNetwork(PolicySpec spec, Mlp mean, Mlp variance, ParameterVector params) {
        this.spec = spec;
        this.mean = mean;
        this.variance = variance;
        this.params = params;
    }

    public Mlp mean() {
        return mean;
    }

    /** The variance MLP of PPO-CMA's layout ({@link PolicySpec.VarianceMlp}); null in the {@code log_std} layout. */
    public Mlp variance() {
        return variance;
    }

    /** [rows][actionDim] the variance MLP's raw output {@code r} for the rows of {@code ws.obs}. */
    public void forwardVariance(ActorCriticNet.Workspace ws) {
        variance.forward(params, ws.obsM, ws.variance);
    }

    /** VJP of the mean MLP alone after {@link #forward}: {@code u} in {@code ws.meanGrad()}; its slice of {@code target}. */
    public void vjpMean(ActorCriticNet.Workspace ws, ParameterVector target) {
        mean.vjp(params, ws.obsM, ws.actor, target);
    }

    /**
     * VJP of the variance MLP after {@link #forwardVariance}: {@code u} in {@code ws.logVarRawGrad()}; its slice of
     * {@code target}.
     */
    public void vjpVariance(ActorCriticNet.Workspace ws, ParameterVector target) {
        variance.vjp(params, ws.obsM, ws.variance, target);
    }

    /** [rows][actionDim] the mean for the rows of {@code ws.obs}. */
    public void forward(ActorCriticNet.Workspace ws) {
        mean.forward(params, ws.obsM, ws.actor);
    }

    /** {@code log_std[j]} as the parameters hold it. */
    public float logStd(int j) {
        return params.read().get(spec.logStdOffset() + j);
    }

    /**
     * Vector-Jacobian product after {@link #forward}: with the mean's cotangent {@code u_mean} [rows][actionDim] in
     * {@code ws.meanGrad()} and {@code logStdCotangent} [actionDim] the row-sum of the {@code log_std} cotangents,
     * writes {@code d (sum u_mean . mean + sum u_logstd . log_std) / d theta} into the policy slice of {@code target}
     * (the critic slice untouched).
     */
    public void vjp(ActorCriticNet.Workspace ws, float[] logStdCotangent, ParameterVector target) {
        mean.vjp(params, ws.obsM, ws.actor, target);
        target.buffer().put(spec.logStdOffset(), logStdCotangent, 0, spec.actionDim());
    }

    /**
     * Jacobian-vector product after {@link #forward}: the mean's derivative along the policy slice of
     * {@code direction} into {@code ws.meanTangent()}; the {@code log_std} output's derivative, the same for every
     * row, is the direction's {@code log_std} slice, copied into {@code logStdTangent} [actionDim].
     */
    public void jvp(ActorCriticNet.Workspace ws, ParameterVector direction, float[] logStdTangent) {
        mean.jvp(params, ws.obsM, ws.actor, direction);
        direction.read().get(spec.logStdOffset(), logStdTangent, 0, spec.actionDim());
    }
}
