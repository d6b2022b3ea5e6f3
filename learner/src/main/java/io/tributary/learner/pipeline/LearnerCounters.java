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
    final AtomicCounter actorsLost;
    final AtomicCounter actorsRespawned;
    final AtomicCounter actorsBack;
    final AtomicCounter actorsLeft;
    final AtomicCounter actorsJoinedLate;
    final AtomicCounter slotsTakenOver;
    final AtomicCounter graceExpired;
    final AtomicCounter smallerBatches;
    final AtomicCounter tooFewActors;
    final AtomicCounter clusterUnreachable;
    final AtomicCounter clusterRefused;
    final AtomicCounter clusterCertificatesRefused;

    LearnerCounters(TributaryCounters.Allocator allocator) {
        version = TributaryCounters.learner(allocator, "policy version");
        envSteps = TributaryCounters.learner(allocator, "env steps");
        envStepsPerSecond = TributaryCounters.learner(allocator, "env steps/s (last iteration)");
        meanEpisodicReturn = TributaryCounters.learner(allocator, "mean episodic return (last iteration, rounded)");
        fragmentsAccepted = TributaryCounters.learner(allocator, "fragments accepted");
        actorsAssigned = TributaryCounters.learner(allocator, "actors assigned");
        fragmentResends = TributaryCounters.learner(allocator, "fragments asked for again");
        actorRebinds = TributaryCounters.learner(allocator, "actors moved to a new session");
        actorsLost = TributaryCounters.learner(allocator, "actors lost (process exit or heartbeat silence)");
        actorsRespawned = TributaryCounters.learner(allocator, "actors respawned");
        actorsBack = TributaryCounters.learner(allocator, "lost actors back");
        actorsLeft = TributaryCounters.learner(allocator, "actors left (goodbye)");
        actorsJoinedLate = TributaryCounters.learner(allocator, "actors joined mid-run");
        slotsTakenOver = TributaryCounters.learner(allocator, "lost actors' slots taken over");
        graceExpired = TributaryCounters.learner(allocator, "grace periods expired");
        smallerBatches = TributaryCounters.learner(allocator, "iterations with fragments missing");
        tooFewActors = TributaryCounters.learner(allocator, "times fewer than --min-actors remained");
        clusterUnreachable = TributaryCounters.learner(allocator, "cluster: actor nodes unreachable");
        clusterRefused = TributaryCounters.learner(allocator, "cluster: hellos refused (instance not a cluster member)");
        clusterCertificatesRefused = TributaryCounters.learner(allocator, "cluster: node certificates refused (TLS)");
    }

    void onIteration(IterationMetrics m, long accepted) {
        version.setRelease(m.version());
        envSteps.setRelease(m.envSteps());
        envStepsPerSecond.setRelease(Math.round(m.envStepsPerSecond()));
        if (Double.isFinite(m.meanEpisodicReturn())) meanEpisodicReturn.setRelease(Math.round(m.meanEpisodicReturn()));
        fragmentsAccepted.setRelease(accepted);
        clusterCertificatesRefused.setRelease(io.tributary.transport.cluster.CountingSslEngineProvider.refused());
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
        actorsLost.close();
        actorsRespawned.close();
        actorsBack.close();
        actorsLeft.close();
        actorsJoinedLate.close();
        slotsTakenOver.close();
        graceExpired.close();
        smallerBatches.close();
        tooFewActors.close();
        clusterUnreachable.close();
        clusterRefused.close();
        clusterCertificatesRefused.close();
    }
}
