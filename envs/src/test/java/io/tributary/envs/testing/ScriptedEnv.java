package io.tributary.envs.testing;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.Step;

/**
 * A deterministic test environment: observation {@code [episode, t]} (episode counts resets, t steps), reward
 * {@code rewards[t % rewards.length]}, terminated when {@code t == terminateAt}. Records the last action it got.
 */
public final class ScriptedEnv implements Env {

    private final double[] rewards;
    private final int terminateAt;
    private final Box obsSpace;
    private int episode = -1;
    private int t;
    public double[] lastAction;
    public long lastSeed = -1;
    public int resets;

    public ScriptedEnv(double[] rewards, int terminateAt) {
        this(rewards, terminateAt, Box.DType.FLOAT32);
    }

    public ScriptedEnv(double[] rewards, int terminateAt, Box.DType obsDtype) {
        this.rewards = rewards;
        this.terminateAt = terminateAt;
        this.obsSpace = Box.of(2, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, obsDtype);
    }

    @Override
    public String id() {
        return "Scripted-v0";
    }

    @Override
    public Box observationSpace() {
        return obsSpace;
    }

    @Override
    public Box actionSpace() {
        return Box.of(2, -1, 1, Box.DType.FLOAT32);
    }

    @Override
    public double[] reset(long seed) {
        lastSeed = seed;
        return reset();
    }

    @Override
    public double[] reset() {
        resets++;
        episode++;
        t = 0;
        return new double[] {episode, t};
    }

    @Override
    public Step step(double[] action) {
        actionSpace().checkAction(id(), action);
        lastAction = action.clone();
        double r = rewards[t % rewards.length];
        t++;
        return new Step(new double[] {episode, t}, r, t == terminateAt, false);
    }
}
