package io.tributary.envs.wrappers;

import io.tributary.envs.Box;
import io.tributary.envs.Env;
import io.tributary.envs.Step;

/**
 * Base of every wrapper: forwards everything to the wrapped environment. A wrapper overrides only what it changes,
 * as Gymnasium's {@code Wrapper} does. {@link #find} walks a stack of wrappers to reach one by type (the learner
 * uses it to read and set normalization statistics).
 */
public abstract class EnvWrapper implements Env {

    protected final Env env;

    protected EnvWrapper(Env env) {
        if (env == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": wrapped env is null");
        this.env = env;
    }

    /** The environment directly under this wrapper. */
    public Env inner() {
        return env;
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public Box observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Box actionSpace() {
        return env.actionSpace();
    }

    @Override
    public double[] reset(long seed) {
        return env.reset(seed);
    }

    @Override
    public double[] reset() {
        return env.reset();
    }

    @Override
    public Step step(double[] action) {
        return env.step(action);
    }

    @Override
    public Env unwrapped() {
        return env.unwrapped();
    }

    @Override
    public void close() {
        env.close();
    }

    /** The outermost wrapper of {@code type} in {@code env}'s stack (the env itself included), or null. */
    public static <T> T find(Env env, Class<T> type) {
        Env e = env;
        while (true) {
            if (type.isInstance(e)) return type.cast(e);
            if (e instanceof EnvWrapper w) e = w.inner();
            else return null;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
