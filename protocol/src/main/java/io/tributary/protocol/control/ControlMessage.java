package io.tributary.protocol.control;

/**
 * Control-plane messages: rare, small, and allowed to allocate, so they are Kryo-serialized rather than
 * flyweight-encoded. The set is closed: {@link ControlCodec} registers exactly these classes.
 */
public sealed interface ControlMessage permits ControlMessage.Hello, ControlMessage.Assign, ControlMessage.Heartbeat,
        ControlMessage.Shutdown, ControlMessage.Resend, ControlMessage.Goodbye {

    /**
     * Actor to learner, until assigned (again after each new publication): who I am and what I run.
     * {@code instanceId} is random per actor process, so the learner's answer can be matched on a shared broadcast
     * stream; {@code secret} is random too and travels only to the learner (never in a broadcast): a later hello of
     * the same instance from a new publication must carry it to move the actor id to that publication.
     * {@code sessionId} is the Aeron session of the publication it is sent on (the learner checks it against the
     * frame's).
     */
    record Hello(long instanceId, long secret, int sessionId, String host, long pid, String envId, long specHash, int numEnvs,
            int steps, int requestedActorId) implements ControlMessage {

        /** This hello, sent on the publication of {@code session}. */
        public Hello withSession(int session) {
            return new Hello(instanceId, secret, session, host, pid, envId, specHash, numEnvs, steps, requestedActorId);
        }
    }

    /**
     * Learner to actors: the actor with {@code instanceId} is actor {@code actorId}; seed its envs from {@code seed};
     * the learner accepts its fragments from Aeron session {@code sessionId} only.
     */
    record Assign(long instanceId, int actorId, long seed, int sessionId) implements ControlMessage {}

    /**
     * Actor to learner, periodically: liveness and progress (the newest weights version it holds, the newest version
     * whose fragment it published: a published fragment the learner lacks is one to ask for again).
     */
    record Heartbeat(int actorId, long instanceId, long weightsVersion, long publishedVersion, long envSteps, long timestampMs)
            implements ControlMessage {}

    /** Learner to actors: training is over (or the learner is stopping); exit cleanly. */
    record Shutdown(String reason) implements ControlMessage {}

    /**
     * Learner to actors: actor {@code actorId}'s fragment of {@code version} did not arrive although it was published;
     * send it again (the actor keeps its last fragment until it begins the next one).
     */
    record Resend(int actorId, long version) implements ControlMessage {}

    /**
     * Actor to learner, when it stops for good on its own (SIGTERM): actor {@code actorId} leaves; the learner removes
     * it at the next version boundary and does not wait for its fragment.
     */
    record Goodbye(int actorId, long instanceId, String reason) implements ControlMessage {}
}
