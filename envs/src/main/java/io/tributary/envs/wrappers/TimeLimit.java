package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;

/**
 * Gymnasium's {@code TimeLimit}: after {@code maxEpisodeSteps} steps since the last reset, {@code truncated} is set.
 * {@code terminated} is passed through, so both may be true on the same step.
 */
public final class TimeLimit extends EnvWrapper {

    private final int maxEpisodeSteps;
    private int elapsedSteps = -1;

    public TimeLimit(Env env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) throw new IllegalArgumentException("TimeLimit: maxEpisodeSteps must be positive, got " + maxEpisodeSteps);
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps since the last reset (-1 before the first reset). */
    public int elapsedSteps() {
        return elapsedSteps;
    }

    @Override
    public double[] reset(long seed) {
        elapsedSteps = 0;
        return env.reset(seed);
    }

    @Override
    public double[] reset() {
        elapsedSteps = 0;
        return env.reset();
    }

    @Override
    public void saveState(io.tributary.envs.state.StateMap out, String prefix) {
        out.putLong(prefix + "time_limit.elapsed_steps", elapsedSteps);
        env.saveState(out, prefix);
    }

    @Override
    public void restoreState(io.tributary.envs.state.StateMap in, String prefix) {
        long e = in.getLong(prefix + "time_limit.elapsed_steps");
        if (e < -1 || e > maxEpisodeSteps) {
            throw new IllegalArgumentException("state key '" + prefix + "time_limit.elapsed_steps' is " + e + ", outside [-1, " + maxEpisodeSteps + "]");
        }
        env.restoreState(in, prefix);
        elapsedSteps = (int) e;
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        elapsedSteps++;
        if (elapsedSteps >= maxEpisodeSteps && !s.truncated()) {
            return new Step(s.observation(), s.reward(), s.terminated(), true);
        }
        return s;
    }
}
