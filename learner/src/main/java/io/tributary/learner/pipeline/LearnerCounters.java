package io.tributary.learner.pipeline;

import io.tributary.protocol.counters.TributaryCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The numbers of the per-iteration log line as Aeron counters in the learner's CnC file
 * ({@link TributaryCounters#LEARNER_TYPE_ID}), so that AeronStat or any counters reader sees them live, next to the
 * drop counters and Aeron's own.
 */
final class LearnerCounters implements AutoCloseable {

    final AtomicCounter version;
    final AtomicCounter envSteps;
    final AtomicCounter envStepsPerSecond;
    final AtomicCounter meanEpisodicReturn;
    final AtomicCounter fragmentsAccepted;
    final AtomicCounter actorsAssigned;
    final AtomicCounter fragmentResends;
    final AtomicCounter actorRebinds;

    LearnerCounters(TributaryCounters.Allocator allocator) {
        version = TributaryCounters.learner(allocator, "policy version");
        envSteps = TributaryCounters.learner(allocator, "env steps");
        envStepsPerSecond = TributaryCounters.learner(allocator, "env steps/s (last iteration)");
        meanEpisodicReturn = TributaryCounters.learner(allocator, "mean episodic return (last iteration, rounded)");
        fragmentsAccepted = TributaryCounters.learner(allocator, "fragments accepted");
        actorsAssigned = TributaryCounters.learner(allocator, "actors assigned");
        fragmentResends = TributaryCounters.learner(allocator, "fragments asked for again");
        actorRebinds = TributaryCounters.learner(allocator, "actors moved to a new session");
    }

    void onIteration(IterationMetrics m, long accepted) {
        version.setRelease(m.version());
        envSteps.setRelease(m.envSteps());
        envStepsPerSecond.setRelease(Math.round(m.envStepsPerSecond()));
        if (Double.isFinite(m.meanEpisodicReturn())) meanEpisodicReturn.setRelease(Math.round(m.meanEpisodicReturn()));
        fragmentsAccepted.setRelease(accepted);
    }

    @Override
    public void close() {
        version.close();
        envSteps.close();
        envStepsPerSecond.close();
        meanEpisodicReturn.close();
        fragmentsAccepted.close();
        actorsAssigned.close();
        fragmentResends.close();
        actorRebinds.close();
    }
}
