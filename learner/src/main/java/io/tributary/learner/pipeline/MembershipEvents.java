package io.tributary.learner.pipeline;

/**
 * What the learner learns about its actors' membership, whatever the source, feeding the {@link Roster} (joins and
 * leaves take effect at version boundaries). Today the sources are the learner's own: hellos and goodbyes on the
 * fragments stream ({@link BatchSink}), the launcher's process exits and heartbeat silence ({@link TrainerAgent});
 * Pekko Cluster's member events can take their place (MemberUp with the receptionist's registration: {@link #joined};
 * UNREACHABLE or REMOVED without a leave: {@link #lost}; REMOVED after a graceful leave: {@link #left};
 * REACHABLE again: {@link #back}). Calls may come from any thread; each decision is a log line and a counter.
 */
public interface MembershipEvents {

    /** A process asking to take part: its identity, the Aeron session it publishes on, and the id it asks for (-1: any). */
    record Join(long instanceId, long secret, int session, int requestedId, long pid, String who) {}

    /** A process joins: its actor id (a fresh one, or a lost actor's taken over), a member from the next boundary. */
    int joined(Join join);

    /**
     * Actor {@code actorId}'s process is gone without a goodbye (kill -9, a host gone, heartbeat silence): its id is
     * vacated; the version in progress waits for its replacement (respawned, or the next joiner) or the grace period.
     */
    void lost(int actorId, String cause);

    /** Actor {@code actorId} left cleanly (a goodbye on SIGTERM): it goes at the next boundary; nobody waits for it. */
    void left(int actorId, String cause);

    /** A lost actor's own process is heard from again (a pause ended): it stays, or joins again at the next boundary. */
    void back(int actorId, String cause);
}
