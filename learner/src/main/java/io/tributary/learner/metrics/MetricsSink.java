package io.tributary.learner.metrics;

import java.util.Map;

/**
 * Where one iteration's numbers go besides the log line and {@code metrics.csv} (TensorBoard event files, the
 * Prometheus registry): both training modes hand every row to the same sinks, keyed by CleanRL's tags
 * ({@code charts/episodic_return}, {@code losses/value_loss}, ...) and ours ({@code tributary/*}), at the row's env
 * step. A NaN value (no episode finished) is skipped by the sinks.
 */
public interface MetricsSink extends AutoCloseable {

    /** One iteration: {@code globalStep} env steps so far, {@code wallTimeS} Unix seconds, tag to value. */
    void record(long globalStep, double wallTimeS, Map<String, Double> scalars);

    @Override
    default void close() {}

    /** True for a sink that shows every iteration itself (a live status line): the per-iteration log line is left out. */
    default boolean replacesLogLine() {
        return false;
    }

    /** A sink that drops everything. */
    MetricsSink NONE = (step, wall, scalars) -> {};

    /** Both sinks, in order. */
    static MetricsSink both(MetricsSink a, MetricsSink b) {
        return new MetricsSink() {
            @Override public void record(long step, double wall, Map<String, Double> scalars) {
                a.record(step, wall, scalars);
                b.record(step, wall, scalars);
            }

            @Override public boolean replacesLogLine() {
                return a.replacesLogLine() || b.replacesLogLine();
            }

            @Override public void close() {
                try {
                    a.close();
                } finally {
                    b.close();
                }
            }
        };
    }
}
