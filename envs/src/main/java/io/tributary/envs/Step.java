package io.tributary.envs;

/**
 * What {@link Env#step} returns, as Gymnasium 0.29's {@code (obs, reward, terminated, truncated, info)} without
 * the info dict. {@code terminated}: the MDP reached a terminal state (no bootstrap). {@code truncated}: the
 * episode was cut (time limit), the state is not terminal.
 */
public record Step(double[] observation, double reward, boolean terminated, boolean truncated) {

    public boolean done() {
        return terminated || truncated;
    }
}
