package io.tributary.learner.pipeline;

import io.tributary.protocol.TrajectoryFragment;

/** Copies what travels on the wire from the ingest's scratch fragment into a batch slot. */
final class Fragments {

    private Fragments() {}

    static void copy(TrajectoryFragment src, TrajectoryFragment dst) {
        if (!dst.sameShape(src)) throw new IllegalArgumentException("fragment shapes differ");
        dst.actorId = src.actorId;
        dst.sequence = src.sequence;
        dst.policyVersion = src.policyVersion;
        dst.specHash = src.specHash;
        System.arraycopy(src.observations, 0, dst.observations, 0, src.observations.length);
        System.arraycopy(src.actions, 0, dst.actions, 0, src.actions.length);
        System.arraycopy(src.logProbs, 0, dst.logProbs, 0, src.logProbs.length);
        System.arraycopy(src.rewards, 0, dst.rewards, 0, src.rewards.length);
        System.arraycopy(src.terminated, 0, dst.terminated, 0, src.terminated.length);
        System.arraycopy(src.truncated, 0, dst.truncated, 0, src.truncated.length);
        System.arraycopy(src.finalObservations, 0, dst.finalObservations, 0, src.finalObservations.length);
        System.arraycopy(src.nextObservations, 0, dst.nextObservations, 0, src.nextObservations.length);
        dst.episodeCount = src.episodeCount;
        System.arraycopy(src.episodeReturns, 0, dst.episodeReturns, 0, src.episodeCount);
        System.arraycopy(src.episodeLengths, 0, dst.episodeLengths, 0, src.episodeCount);
    }
}
