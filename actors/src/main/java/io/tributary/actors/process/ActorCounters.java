package io.tributary.actors.process;

import io.tributary.protocol.counters.TributaryCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The numbers of an actor's report line as Aeron counters ({@link TributaryCounters#ACTOR_TYPE_ID}) in the CnC file of the driver this actor
 * uses (on IPC the learner's), so AeronStat or any counters reader sees every actor live, not only in the line it
 * logs when it exits; next to its weights drop counters. Each part writes only its own counters.
 */
final class ActorCounters {

    private final AtomicCounter fragmentsPublished;
    private final AtomicCounter envSteps;
    private final AtomicCounter lastVersionUsed;
    private final AtomicCounter versionsSkipped;
    private final AtomicCounter partRestarts;
    private final AtomicCounter newestVersionReceived;

    ActorCounters(TributaryCounters.Allocator allocator, long instanceId) {
        this(allocator, "instance " + Long.toHexString(instanceId));
    }

    /** @param who the actor's identity in the labels, as its log lines name it ("actor 1") */
    ActorCounters(TributaryCounters.Allocator allocator, String who) {
        fragmentsPublished = TributaryCounters.actor(allocator, who, "fragments published");
        envSteps = TributaryCounters.actor(allocator, who, "env steps");
        lastVersionUsed = TributaryCounters.actor(allocator, who, "last version used");
        versionsSkipped = TributaryCounters.actor(allocator, who, "versions skipped");
        partRestarts = TributaryCounters.actor(allocator, who, "part restarts");
        newestVersionReceived = TributaryCounters.actor(allocator, who, "newest version received");
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
