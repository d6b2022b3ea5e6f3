package io.tributary.envs.wrappers;

import io.tributary.envs.Env;
import io.tributary.envs.Step;
import java.util.ArrayDeque;

/**
 * Gymnasium 0.29.1's {@code RecordEpisodeStatistics}: sums the rewards and counts the steps of the running episode;
 * when a step ends it (terminated or truncated), the episode's return and length become readable through
 * {@link #episodeEnded()}, {@link #lastReturn()} and {@link #lastLength()} (Gymnasium's {@code info["episode"]})
 * until the next step, and are appended to bounded queues of recent episodes.
 *
 * <p>Gymnasium keeps the running return in a float32 array, so every reward is rounded to float32 and added in
 * float32; the reported returns are those float32 sums (what CleanRL logs as {@code episodic_return}).
 */
public final class RecordEpisodeStatistics extends EnvWrapper {

    public static final int DEFAULT_QUEUE_SIZE = 100;

    private final int queueSize;
    private final ArrayDeque<Double> returnQueue = new ArrayDeque<>();
    private final ArrayDeque<Integer> lengthQueue = new ArrayDeque<>();
    private float episodeReturn;
    private int episodeLength;
    private long episodeCount;
    private boolean episodeEnded;
    private double lastReturn = Double.NaN;
    private int lastLength;

    public RecordEpisodeStatistics(Env env) {
        this(env, DEFAULT_QUEUE_SIZE);
    }

    public RecordEpisodeStatistics(Env env, int queueSize) {
        super(env);
        if (queueSize <= 0) throw new IllegalArgumentException("RecordEpisodeStatistics: queueSize must be positive, got " + queueSize);
        this.queueSize = queueSize;
    }

    @Override
    public double[] reset(long seed) {
        double[] obs = env.reset(seed);
        startEpisode();
        return obs;
    }

    @Override
    public double[] reset() {
        double[] obs = env.reset();
        startEpisode();
        return obs;
    }

    private void startEpisode() {
        episodeReturn = 0f;
        episodeLength = 0;
        episodeEnded = false;
    }

    @Override
    public Step step(double[] action) {
        Step s = env.step(action);
        episodeReturn += (float) s.reward();
        episodeLength++;
        episodeEnded = s.done();
        if (episodeEnded) {
            lastReturn = episodeReturn;
            lastLength = episodeLength;
            push(returnQueue, lastReturn);
            push(lengthQueue, lastLength);
            episodeCount++;
            episodeReturn = 0f;
            episodeLength = 0;
        }
        return s;
    }

    private <T> void push(ArrayDeque<T> q, T v) {
        if (q.size() == queueSize) q.removeFirst();
        q.addLast(v);
    }

    /** True when the last step ended an episode. */
    public boolean episodeEnded() {
        return episodeEnded;
    }

    /** Return of the most recently finished episode (NaN before the first one ends). */
    public double lastReturn() {
        return lastReturn;
    }

    /** Length of the most recently finished episode. */
    public int lastLength() {
        return lastLength;
    }

    /** The running (unfinished) episode's return so far. */
    public double currentReturn() {
        return episodeReturn;
    }

    public int currentLength() {
        return episodeLength;
    }

    /** Episodes finished since this wrapper was made. */
    public long episodeCount() {
        return episodeCount;
    }

    /** Returns of the last (up to queueSize) finished episodes, oldest first. */
    public double[] recentReturns() {
        return returnQueue.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Lengths of the last (up to queueSize) finished episodes, oldest first. */
    public int[] recentLengths() {
        return lengthQueue.stream().mapToInt(Integer::intValue).toArray();
    }
}
