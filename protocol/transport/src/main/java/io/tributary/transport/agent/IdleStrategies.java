package io.tributary.transport.agent;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Every idle strategy Tributary's threads use, in one place: what an agent's runner does when a duty cycle found no
 * work, and how the embedded media driver waits. All back off (spin, yield, then park with a growing period): on a
 * small machine an idle part must give its core to the parts that have work. The parameters are validated once,
 * when this class loads; each runner gets its own instance ({@link Backoff#newStrategy()}: a strategy has state).
 * Only the benchmarks ({@code learner.bench}) and tests pick their own, busy-spinning or yielding on purpose.
 */
public final class IdleStrategies {

    /**
     * Agrona's {@link BackoffIdleStrategy} parameters: {@code maxSpins} busy spins, then {@code maxYields} yields,
     * then parks from {@code minParkPeriodNs} doubling up to {@code maxParkPeriodNs}.
     */
    public record Backoff(long maxSpins, long maxYields, long minParkPeriodNs, long maxParkPeriodNs) {

        public Backoff {
            if (maxSpins < 0 || maxYields < 0) {
                throw new IllegalArgumentException("spins and yields must be >= 0, were " + maxSpins + " and " + maxYields);
            }
            if (minParkPeriodNs < 1 || maxParkPeriodNs < minParkPeriodNs) {
                throw new IllegalArgumentException("park periods must satisfy 1 <= min <= max, were min " + minParkPeriodNs
                        + " ns, max " + maxParkPeriodNs + " ns");
            }
        }

        /** A fresh strategy with these parameters (one per thread). */
        public IdleStrategy newStrategy() {
            return new BackoffIdleStrategy(maxSpins, maxYields, minParkPeriodNs, maxParkPeriodNs);
        }
    }

    /**
     * An actor process's parts (weights subscriber, rollout worker): parks of up to 1 ms. An idle actor is waiting
     * for the learner's next version, which takes far longer than that to compute.
     */
    public static final Backoff ACTOR_PART = new Backoff(100, 10, 10_000, 1_000_000);

    /**
     * The learner's parts (ingest, trainer, broadcaster): parks of up to 200 µs. The learner is on every iteration's
     * critical path (the last fragment in, the next version out), so it wakes sooner than an actor.
     */
    public static final Backoff LEARNER_PART = new Backoff(100, 10, 10_000, 200_000);

    /** The one blocking send left, the learner's {@code Shutdown} while its broadcaster closes: parks of up to 500 µs. */
    public static final Backoff CLOSING_SEND = new Backoff(100, 10, 10_000, 500_000);

    /** The embedded media driver's shared thread: short first parks (1 µs), at most 1 ms. */
    public static final Backoff MEDIA_DRIVER = new Backoff(100, 10, 1_000, 1_000_000);

    private IdleStrategies() {}
}
