package io.tributary.learner.algo;

/**
 * The synchronous batch for one update, flattened as CleanRL's {@code b_obs, b_actions, b_logprobs,
 * b_advantages, b_returns, b_values}: row-major, one row per (fragment, step, env). Preallocated for a fixed
 * row count and refilled every iteration.
 */
public final class RolloutBatch {

    public final int rows;
    public final int observationDim;
    public final int actionDim;
    public final float[] obs;
    public final float[] actions;
    public final float[] logProbs;
    public final float[] values;
    public final float[] advantages;
    public final float[] returns;

    public RolloutBatch(int rows, int observationDim, int actionDim) {
        this.rows = rows;
        this.observationDim = observationDim;
        this.actionDim = actionDim;
        obs = new float[rows * observationDim];
        actions = new float[rows * actionDim];
        logProbs = new float[rows];
        values = new float[rows];
        advantages = new float[rows];
        returns = new float[rows];
    }
}
