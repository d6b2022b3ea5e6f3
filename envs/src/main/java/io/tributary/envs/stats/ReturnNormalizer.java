package io.tributary.envs.stats;

import java.util.Arrays;

/**
 * Gymnasium 0.29.1's {@code NormalizeReward} step, the one implementation of it: for each env copy a discounted
 * return accumulator {@code returns = returns * gamma * (1 - terminated) + r}, the statistics updated with it, and
 * the reward divided by {@code sqrt(var + epsilon)} of those statistics. The accumulator is cut only by
 * {@code terminated} (a truncation carries it into the next episode), on the terminal step itself.
 *
 * <p>Copies share one {@link RunningMeanStd}: the wrapper and CleanRL's per-env mode use one instance per env copy
 * (one copy each); the learner uses one instance for every (actor, env) copy it sees. The number of copies grows on
 * demand ({@link #ensureCopies}), so members can join without resizing anything sized at start. Clipping is not
 * here (CleanRL clips in a separate wrapper). Not thread-safe.
 */
public final class ReturnNormalizer {

    private final double gamma;
    private final double epsilon;
    private final RunningMeanStd stats = new RunningMeanStd(1);
    private final double[] scratch = new double[1];
    private double[] returns;

    public ReturnNormalizer(int copies, double gamma, double epsilon) {
        if (copies < 0) throw new IllegalArgumentException("copies must be >= 0, was " + copies);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("gamma must be in [0, 1], was " + gamma);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("epsilon must be >= 0, was " + epsilon);
        this.gamma = gamma;
        this.epsilon = epsilon;
        this.returns = new double[copies];
    }

    /** Makes room for copies {@code 0..copies-1}; new copies start with return 0. */
    public void ensureCopies(int copies) {
        if (copies > returns.length) returns = Arrays.copyOf(returns, Math.max(copies, 2 * returns.length));
    }

    public int copies() {
        return returns.length;
    }

    public double gamma() {
        return gamma;
    }

    /** One step of copy {@code copy}: advances its return, updates the statistics, returns the scaled reward. */
    public double normalize(int copy, double reward, boolean terminated) {
        return normalize(copy, reward, terminated, true);
    }

    /** As above; {@code updateStats} false leaves the statistics as they are (a frozen wrapper). */
    public double normalize(int copy, double reward, boolean terminated, boolean updateStats) {
        returns[copy] = returns[copy] * gamma * (terminated ? 0.0 : 1.0) + reward;
        if (updateStats) {
            scratch[0] = returns[copy];
            stats.update(scratch);
        }
        return reward / Math.sqrt(stats.var(0) + epsilon);
    }

    /** The live statistics of the discounted return (dimension 1). */
    public RunningMeanStd stats() {
        return stats;
    }

    public double returns(int copy) {
        return returns[copy];
    }

    public void setReturns(int copy, double value) {
        returns[copy] = value;
    }

    /** Everything a checkpoint must hold to continue exactly: the statistics and every copy's return. */
    public State state() {
        return new State(stats.moments(), returns.clone());
    }

    /** Restores {@link #state()}; the copies become the saved ones. */
    public void restore(State s) {
        stats.set(s.stats());
        returns = s.returns();
    }

    /** A copy of a {@link ReturnNormalizer}'s state. */
    public record State(RunningMeanStd.Moments stats, double[] returns) {
        public State {
            returns = returns.clone();
        }

        @Override
        public double[] returns() {
            return returns.clone();
        }
    }
}
