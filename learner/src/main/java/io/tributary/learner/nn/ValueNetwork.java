package io.tributary.learner.nn;

/**
 * The critic: CleanRL's value MLP, addressable on its own (PPO-CMA trains separate networks; GAE needs values
 * only). Output per row: the value [1]. Parameters: the critic slice of the layout.
 */
public final class ValueNetwork {

    private final Mlp mlp;
    private final ParameterVector params;

    ValueNetwork(Mlp mlp, ParameterVector params) {
        this.mlp = mlp;
        this.params = params;
    }

    public Mlp mlp() {
        return mlp;
    }

    /** [rows] the value of each row of {@code ws.obs}, into {@code ws.value()}. */
    public void forward(ActorCriticNet.Workspace ws) {
        mlp.forward(params, ws.obsM, ws.critic);
    }

    /** VJP after {@link #forward}: {@code u} in {@code ws.valueGrad()}; the critic slice of {@code target}. */
    public void vjp(ActorCriticNet.Workspace ws, ParameterVector target) {
        mlp.vjp(params, ws.obsM, ws.critic, target);
    }

    /** JVP after {@link #forward}: the value's derivative along the critic slice of {@code direction}. */
    public void jvp(ActorCriticNet.Workspace ws, ParameterVector direction) {
        mlp.jvp(params, ws.obsM, ws.critic, direction);
    }
}
