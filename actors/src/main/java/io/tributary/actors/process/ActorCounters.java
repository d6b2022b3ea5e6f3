package io.tributary.actors.process;

import io.aeron.Aeron;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The numbers of an actor's report line as Aeron counters (type 4003) in the CnC file of the driver this actor
 * uses (on IPC the learner's), so AeronStat or any counters reader sees every actor live, not only in the line it
 * logs when it exits; next to its weights drop counters (type 4001). Each part writes only its own counters.
 */
final class ActorCounters {

    static final int TYPE_ID = 4003;

    private final AtomicCounter fragmentsPublished;
    private final AtomicCounter envSteps;
    private final AtomicCounter lastVersionUsed;
    private final AtomicCounter versionsSkipped;
    private final AtomicCounter partRestarts;
    private final AtomicCounter newestVersionReceived;

    ActorCounters(Aeron aeron, long instanceId) {
        String actor = "tributary-actor " + Long.toHexString(instanceId) + " ";
        fragmentsPublished = aeron.addCounter(TYPE_ID, actor + "fragments published");
        envSteps = aeron.addCounter(TYPE_ID, actor + "env steps");
        lastVersionUsed = aeron.addCounter(TYPE_ID, actor + "last version used");
        versionsSkipped = aeron.addCounter(TYPE_ID, actor + "versions skipped");
        partRestarts = aeron.addCounter(TYPE_ID, actor + "part restarts");
        newestVersionReceived = aeron.addCounter(TYPE_ID, actor + "newest version received");
        lastVersionUsed.setRelease(-1);
        newestVersionReceived.setRelease(-1);
    }

    /** Rollout thread, after each published fragment. */
    void onFragment(ActorState s) {
        fragmentsPublished.setRelease(s.fragments);
        envSteps.setRelease(s.envSteps);
        lastVersionUsed.setRelease(s.lastUsed);
        versionsSkipped.setRelease(s.skipped);
        partRestarts.setRelease(s.restarts);
    }

    /** Weights thread, after each newly completed version. */
    void onWeights(ActorState s) {
        newestVersionReceived.setRelease(s.newestReceived);
    }
}
