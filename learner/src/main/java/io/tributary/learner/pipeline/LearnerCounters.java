package io.tributary.learner.pipeline;

import io.aeron.Aeron;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The numbers of the per-iteration log line as Aeron counters in the learner's CnC file (type 4002), so that
 * AeronStat or any counters reader sees them live, next to the drop counters (type 4001) and Aeron's own.
 */
final class LearnerCounters implements AutoCloseable {

    static final int TYPE_ID = 4002;

    final AtomicCounter version;
    final AtomicCounter envSteps;
    final AtomicCounter envStepsPerSecond;
    final AtomicCounter meanEpisodicReturn;
    final AtomicCounter fragmentsAccepted;
    final AtomicCounter actorsAssigned;

    LearnerCounters(Aeron aeron) {
        version = aeron.addCounter(TYPE_ID, "tributary-learner policy version");
        envSteps = aeron.addCounter(TYPE_ID, "tributary-learner env steps");
        envStepsPerSecond = aeron.addCounter(TYPE_ID, "tributary-learner env steps/s (last iteration)");
        meanEpisodicReturn = aeron.addCounter(TYPE_ID, "tributary-learner mean episodic return (last iteration, rounded)");
        fragmentsAccepted = aeron.addCounter(TYPE_ID, "tributary-learner fragments accepted");
        actorsAssigned = aeron.addCounter(TYPE_ID, "tributary-learner actors assigned");
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
    }
}
