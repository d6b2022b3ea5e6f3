package io.tributary.envs.wrappers;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.Step;

/**
 * Gymnasium's {@code ClipAction}: clips each action element into the action space's bounds before the step.
 * A NaN is still an error (clipping would hide it). The caller's array is not modified.
 */
public final class ClipAction extends EnvWrapper {

    private final Box space;
    private final double[] clipped;

    public ClipAction(Env env) {
        super(env);
        this.space = env.actionSpace();
        this.clipped = new double[space.size()];
    }

    @Override
    public Step step(double[] action) {
        space.checkAction(id(), action);
        for (int i = 0; i < clipped.length; i++) {
            clipped[i] = Math.min(Math.max(action[i], space.low(i)), space.high(i));
        }
        return env.step(clipped);
    }
}
